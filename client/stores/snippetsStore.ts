import { createResource } from 'solid-js';
import { trpc } from '../api/trpc';
import { cachedQuery } from './offlineCache';
import { useSession } from './session';
import { useSpace } from './space';

/** The space's snippets, refetched when an owner or manager changes them. */
export function createSnippetsResource() {
  const space = useSpace();
  const session = useSession();
  const [list, { refetch }] = createResource(
    () => ({ spaceId: space.spaceId(), userId: session.me()?.user.id, v: space.version('snippets.changed') }),
    // The last good list (per member and space) keeps working offline.
    ({ spaceId, userId }) => cachedQuery(`${userId}:${spaceId}:snippets`, () => trpc.snippets.list.query({ spaceId })),
  );
  return [list, refetch] as const;
}
