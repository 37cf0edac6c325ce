import { createContext, createResource, useContext, type ParentProps, type Resource } from 'solid-js';
import { trpc } from '../api/trpc';
import { cachedQuery, clearCache } from './offlineCache';

type Me = Awaited<ReturnType<typeof trpc.auth.me.query>>;
type Status = Awaited<ReturnType<typeof trpc.setup.status.query>>;

function createSessionStore() {
  // Offline, the last good answers open the app (signed out is `null` and is never remembered).
  const [status, { refetch: refetchStatus }] = createResource(() => cachedQuery('setup', () => trpc.setup.status.query()));
  const [me, { refetch: refetchMe, mutate }] = createResource(() => cachedQuery('me', () => trpc.auth.me.query()));
  return {
    status: status as Resource<Status>,
    me: me as Resource<Me>,
    async refresh() {
      await Promise.all([refetchStatus(), refetchMe()]);
    },
    async signOut() {
      await trpc.auth.logout.mutate().catch(() => undefined);
      clearCache();
      mutate(null);
      await refetchStatus();
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
const SessionContext = createContext<SessionStore>();

export function SessionProvider(props: ParentProps) {
  return <SessionContext.Provider value={createSessionStore()}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionStore {
  const store = useContext(SessionContext);
  if (!store) throw new Error('useSession outside SessionProvider');
  return store;
}
