import { createResource } from 'solid-js';
import { trpc } from '../api/trpc';
import { cachedQuery } from './offlineCache';
import { useSession } from './session';
import { useSpace } from './space';

/** The space's custom contact fields in order, refetched when an owner or manager changes them. */
export function createContactFieldsResource() {
  const space = useSpace();
  const session = useSession();
  const [list, { refetch }] = createResource(
    () => ({ spaceId: space.spaceId(), userId: session.me()?.user.id, v: space.version('contactFields.changed') }),
    // The last good list (per member and space) keeps working offline.
    ({ spaceId, userId }) => cachedQuery(`${userId}:${spaceId}:contactFields`, () => trpc.contactFields.list.query({ spaceId })),
  );
  return [list, refetch] as const;
}
