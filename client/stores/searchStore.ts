import { createResource } from 'solid-js';
import { trpc } from '../api/trpc';
import { useSpace } from './space';

/** Full-text search over the space's messages and contact names. */
export function createSearch(query: () => string) {
  const space = useSpace();
  const [results] = createResource(
    () => ({ spaceId: space.spaceId(), q: query() }),
    ({ spaceId, q }) => trpc.conversations.search.query({ spaceId, q }),
  );
  return results;
}
