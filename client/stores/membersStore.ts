import { createResource } from 'solid-js';
import type { Role } from '../../shared/domain/permissions';
import { trpc } from '../api/trpc';
import { createCachedSpaceList } from './cachedSpaceList';
import { useSpace } from './space';

/** The space's members (for assign menus and names), refetched when the server says they changed. */
export function createMembersResource() {
  const [members] = createCachedSpaceList('members', 'members.changed', (spaceId) => trpc.members.list.query({ spaceId }));
  return members;
}

/** The members list as Settings → Members shows it: fresh from the server (not cached), refetched on change. */
export function createMembersSettingsResource() {
  const space = useSpace();
  return createResource(
    () => ({ spaceId: space.spaceId(), v: space.version('members.changed') }),
    ({ spaceId }) => trpc.members.list.query({ spaceId }),
  );
}

export const setMemberRole = (spaceId: string, userId: string, role: Role) => trpc.members.setRole.mutate({ spaceId, userId, role });

export const removeMember = (spaceId: string, userId: string) => trpc.members.remove.mutate({ spaceId, userId });
