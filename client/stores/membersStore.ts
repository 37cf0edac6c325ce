import { createResource } from 'solid-js';
import { trpc } from '../api/trpc';
import { cachedQuery } from './offlineCache';
import { useSession } from './session';
import { useSpace } from './space';

/** The space's members (for assign menus and names), refetched when the server says they changed. */
export function createMembersResource() {
  const space = useSpace();
  const session = useSession();
  const [members] = createResource(
    () => ({ spaceId: space.spaceId(), userId: session.me()?.user.id, v: space.version('members.changed') }),
    // The last good list (per member and space) keeps working offline.
    ({ spaceId, userId }) => cachedQuery(`${userId}:${spaceId}:members`, () => trpc.members.list.query({ spaceId })),
  );
  return members;
}
