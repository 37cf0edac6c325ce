import { trpc } from '../api/trpc';
import { createCachedSpaceList } from './cachedSpaceList';

/** The space's snippets, refetched when an owner or manager changes them. */
export function createSnippetsResource() {
  const [list, { refetch }] = createCachedSpaceList('snippets', 'snippets.changed', (spaceId) => trpc.snippets.list.query({ spaceId }));
  return [list, refetch] as const;
}
