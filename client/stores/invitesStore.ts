import { createResource } from 'solid-js';
import type { Role } from '../../shared/domain/permissions';
import { trpc } from '../api/trpc';
import { useSpace } from './space';

/** The space's pending invites, refetched when they change. */
export function createPendingInvitesResource() {
  const space = useSpace();
  return createResource(
    () => ({ spaceId: space.spaceId(), v: space.version('invites.changed') }),
    ({ spaceId }) => trpc.invites.list.query({ spaceId }),
  );
}

/** Resolves to the invite, with the path of its one-time link. */
export const createInvite = (spaceId: string, role: Role, email: string | undefined) => trpc.invites.create.mutate({ spaceId, role, email });

export const revokeInvite = (spaceId: string, inviteId: string) => trpc.invites.revoke.mutate({ spaceId, inviteId });
