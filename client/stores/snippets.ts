import { createResource } from 'solid-js';
import { trpc } from '../api/trpc';
import { useSpace } from './space';

/** The space's snippets, refetched when an owner or manager changes them. */
export function createSnippetsResource() {
  const space = useSpace();
  const [list, { refetch }] = createResource(
    () => ({ spaceId: space.spaceId(), v: space.version('snippets.changed') }),
    ({ spaceId }) => trpc.snippets.list.query({ spaceId }),
  );
  return [list, refetch] as const;
}
