import { createContext, createResource, useContext, type ParentProps, type Resource } from 'solid-js';
import { errorCode, trpc } from '../api/trpc';
import { pendingCount } from '../sync/connectionStatus';
import { forgetLocalDocs } from '../sync/docs';
import { forgetFirstScreens } from './queueFirstScreen';
import { clearPending } from './pendingReplies';
import { cachedQuery, clearCache, readCache } from './offlineCache';

type Me = Awaited<ReturnType<typeof trpc.auth.me.query>>;
type Status = Awaited<ReturnType<typeof trpc.setup.status.query>>;

/** A remembered answer as a resource's initial value; none means the resource waits for the server. */
function remembered<T>(key: string): { initialValue: T } | Record<string, never> {
  const value = readCache<T>(key);
  return value === undefined ? {} : { initialValue: value };
}

function createSessionStore() {
  // Offline, the last good answers open the app (signed out is `null` and is never remembered).
  // A reload opens at once from the last good answers (the local copies it shows need no network);
  // the server's answers follow and replace them: signed out there means signed out here too.
  const [status, { refetch: refetchStatus }] = createResource(() => cachedQuery('setup', () => trpc.setup.status.query()), remembered<Status>('setup'));
  const [me, { refetch: refetchMe, mutate }] = createResource(() => cachedQuery('me', () => trpc.auth.me.query()), remembered<Me>('me'));
  return {
    status: status as Resource<Status>,
    me: me as Resource<Me>,
    async refresh() {
      await Promise.all([refetchStatus(), refetchMe()]);
    },
    /** Signs out and forgets this member's data in the browser; returns why it could not, if it could not. */
    async signOut(): Promise<string | null> {
      if (pendingCount() > 0) return 'Some of your changes have not reached Kaon yet. Sign out once the rail says Online with nothing pending.';
      try {
        await trpc.auth.logout.mutate();
      } catch (err) {
        // Unreachable: the session would stay valid on the server, so signing out here would be a false comfort.
        if (!errorCode(err)) return 'Kaon cannot be reached, so you are still signed in. Sign out when you are back online.';
      }
      clearCache();
      clearPending();
      void forgetLocalDocs();
      forgetFirstScreens();
      mutate(null);
      await refetchStatus();
      return null;
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
