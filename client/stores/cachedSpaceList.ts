import { createResource } from 'solid-js';
import { cachedQuery } from './offlineCache';
import { useSession } from './session';
import { useSpace, type SpaceEventType } from './space';

/**
 * A list the space's server owns (members, snippets, contact fields): refetched when the server
 * announces `event`, and kept per member and space so the last good answer works offline.
 */
export function createCachedSpaceList<T>(name: string, event: SpaceEventType, query: (spaceId: string) => Promise<T>) {
  const space = useSpace();
  const session = useSession();
  return createResource(
    () => ({ spaceId: space.spaceId(), userId: session.me()?.user.id, v: space.version(event) }),
    ({ spaceId, userId }) => cachedQuery(`${userId}:${spaceId}:${name}`, () => query(spaceId)),
  );
}
