import { useParams } from '@solidjs/router';
import { createContext, createMemo, createSignal, getOwner, onCleanup, runWithOwner, useContext, createEffect, type Accessor, type ParentProps } from 'solid-js';
import { can, type Action, type Role } from '../../shared/domain/permissions';
import { trpc } from '../api/trpc';
import { reportChannelState } from '../sync/connectionStatus';
import { useSession } from './session';

export type SpaceEventType = 'members.changed' | 'space.changed' | 'invites.changed' | 'apiTokens.changed' | 'channels.changed' | 'snippets.changed' | 'workflows.changed' | 'contactFields.changed' | 'contacts.changed' | 'conversation.changed' | 'webhooks.changed' | 'webhookDeliveries.changed' | 'sla.changed';

function createSpaceStore() {
  const params = useParams<{ spaceId: string }>();
  const session = useSession();
  const spaceId = () => params.spaceId;
  const membership = createMemo(() => session.me()?.spaces.find((s) => s.id === spaceId()));
  const role = (): Role | undefined => membership()?.role;
  // One counter per event type: resources that track it refetch when the server says it changed.
  const [versions, setVersions] = createSignal<Record<string, number>>({});
  const owner = getOwner();
  const perType = new Map<SpaceEventType, Accessor<number>>();

  // Subscribe once per space while a member: a refreshed session (a new `me` object) must not
  // tear the stream down, and a closed stream's late "idle" must not mark a live one offline.
  const isMember = createMemo(() => Boolean(membership()));
  createEffect(() => {
    const id = spaceId();
    if (!isMember()) return;
    let live = true;
    const report = (state: Parameters<typeof reportChannelState>[0]) => live && reportChannelState(state);
    report('connecting');
    const sub = trpc.spaces.events.subscribe(
      { spaceId: id },
      {
        onStarted: () => report('pending'),
        onData: ({ data }) => {
          setVersions((v) => ({ ...v, [data.type]: (v[data.type] ?? 0) + 1 }));
          if (data.type === 'members.changed' || data.type === 'space.changed') void session.refresh();
        },
        onError: () => report('error'),
        onConnectionStateChange: (state) => report(state.state === 'connecting' ? 'connecting' : state.state === 'idle' ? 'error' : 'pending'),
      },
    );
    onCleanup(() => {
      live = false;
      sub.unsubscribe();
    });
  });

  return {
    spaceId,
    membership,
    role,
    can: (action: Action) => {
      const r = role();
      return r !== undefined && can(r, action);
    },
    /**
     * Read inside a resource source to refetch when the server publishes `type`. One memo per type,
     * so an event of another type (a burst of conversation.changed) re-runs nothing that reads this one.
     */
    version: (type: SpaceEventType) => {
      let memo = perType.get(type);
      if (!memo) {
        memo = runWithOwner(owner, () => createMemo(() => versions()[type] ?? 0))!;
        perType.set(type, memo);
      }
      return memo();
    },
  };
}

export type SpaceStore = ReturnType<typeof createSpaceStore>;
const SpaceContext = createContext<SpaceStore>();

export function SpaceProvider(props: ParentProps) {
  return <SpaceContext.Provider value={createSpaceStore()}>{props.children}</SpaceContext.Provider>;
}

export function useSpace(): SpaceStore {
  const store = useContext(SpaceContext);
  if (!store) throw new Error('useSpace outside SpaceProvider');
  return store;
}
