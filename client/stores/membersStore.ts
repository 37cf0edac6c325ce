import { trpc } from '../api/trpc';
import { createCachedSpaceList } from './cachedSpaceList';

/** The space's members (for assign menus and names), refetched when the server says they changed. */
export function createMembersResource() {
  const [members] = createCachedSpaceList('members', 'members.changed', (spaceId) => trpc.members.list.query({ spaceId }));
  return members;
}
