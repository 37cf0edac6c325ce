import { createResource } from 'solid-js';
import { trpc } from '../api/trpc';
import { useSpace } from './space';

/** The space's members (for assign menus and names), refetched when the server says they changed. */
export function createMembersResource() {
  const space = useSpace();
  const [members] = createResource(
    () => ({ spaceId: space.spaceId(), v: space.version('members.changed') }),
    ({ spaceId }) => trpc.members.list.query({ spaceId }),
  );
  return members;
}
