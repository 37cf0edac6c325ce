import { trpc } from '../api/trpc';
import { createCachedSpaceList } from './cachedSpaceList';

type SnippetValues = { name: string; shortcut: string; body: string; fileIds: string[] };

/** The space's snippets, refetched when an owner or manager changes them. */
export function createSnippetsResource() {
  const [list, { refetch }] = createCachedSpaceList('snippets', 'snippets.changed', (spaceId) => trpc.snippets.list.query({ spaceId }));
  return [list, refetch] as const;
}

export const createSnippet = (spaceId: string, values: SnippetValues) => trpc.snippets.create.mutate({ spaceId, ...values });

export const updateSnippet = (spaceId: string, snippetId: string, values: SnippetValues) => trpc.snippets.update.mutate({ spaceId, snippetId, ...values });

export const deleteSnippet = (spaceId: string, snippetId: string) => trpc.snippets.delete.mutate({ spaceId, snippetId });
