/**
 * Roles and the permission matrix of a space. Pure: used by the server to decide and by the
 * client to hide what a member cannot do (the server still refuses it).
 */
export const ROLES = ['owner', 'manager', 'agent'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'space.view',
  'space.rename',
  'members.view',
  'members.invite',
  'members.changeRole',
  'members.remove',
  'apiTokens.manage',
  'settings.manage',
  'channels.manage',
  'snippets.use',
  'snippets.manage',
  'workflows.manage',
  'conversations.reply',
  'conversations.assign',
  'conversations.close',
  'conversations.snooze',
  'comments.write',
  'comments.deleteAny',
  'contactFields.manage',
  'webhooks.manage',
  /** SLA policies (every member reads them). */
  'sla.manage',
  /** Everyone's numbers in the Reports module; without it a member sees only their own. */
  'reports.viewTeam',
] as const;
export type Action = (typeof ACTIONS)[number];

const ADMIN: readonly Role[] = ['owner', 'manager'];
const EVERYONE: readonly Role[] = ROLES;

const MATRIX: Record<Action, readonly Role[]> = {
  'space.view': EVERYONE,
  'space.rename': ADMIN,
  'members.view': EVERYONE,
  'members.invite': ADMIN,
  'members.changeRole': ADMIN,
  'members.remove': ADMIN,
  'apiTokens.manage': ADMIN,
  'settings.manage': ADMIN,
  'channels.manage': ADMIN,
  'snippets.use': EVERYONE,
  'snippets.manage': ADMIN,
  'workflows.manage': ADMIN,
  'conversations.reply': EVERYONE,
  'conversations.assign': EVERYONE,
  'conversations.close': EVERYONE,
  'conversations.snooze': EVERYONE,
  'comments.write': EVERYONE,
  'comments.deleteAny': ADMIN,
  'contactFields.manage': ADMIN,
  'webhooks.manage': ADMIN,
  'sla.manage': ADMIN,
  'reports.viewTeam': ADMIN,
};

export function can(role: Role, action: Action): boolean {
  return MATRIX[action].includes(role);
}

/** Why a membership change is refused, in words an admin understands; null when it is allowed. */
export type MembershipRefusal = string | null;

/**
 * May `actor` change `target`'s role from `target.role` to `newRole`?
 * Only owners make or unmake owners; the last owner can never be demoted.
 */
export function checkRoleChange(input: {
  actorRole: Role;
  targetRole: Role;
  newRole: Role;
  ownerCount: number;
}): MembershipRefusal {
  const { actorRole, targetRole, newRole, ownerCount } = input;
  if (!can(actorRole, 'members.changeRole')) return 'Only owners and managers can change roles.';
  if ((newRole === 'owner' || targetRole === 'owner') && actorRole !== 'owner') {
    return 'Only an owner can make someone an owner or change an owner’s role.';
  }
  if (targetRole === 'owner' && newRole !== 'owner' && ownerCount <= 1) {
    return 'This is the last owner of the space. Make someone else an owner first.';
  }
  return null;
}

/** May `actor` remove `target` from the space? Managers cannot remove owners; the last owner stays. */
export function checkRemoval(input: { actorRole: Role; targetRole: Role; ownerCount: number }): MembershipRefusal {
  const { actorRole, targetRole, ownerCount } = input;
  if (!can(actorRole, 'members.remove')) return 'Only owners and managers can remove members.';
  if (targetRole === 'owner' && actorRole !== 'owner') return 'Only an owner can remove an owner.';
  if (targetRole === 'owner' && ownerCount <= 1) {
    return 'This is the last owner of the space. Make someone else an owner first.';
  }
  return null;
}

/** Roles an actor may hand out in an invite: only owners invite owners. */
export function canInviteAs(actorRole: Role, role: Role): boolean {
  if (!can(actorRole, 'members.invite')) return false;
  return role !== 'owner' || actorRole === 'owner';
}
