import { describe, expect, it } from 'vitest';
import { ACTIONS, can, canInviteAs, checkRemoval, checkRoleChange, type Action, type Role } from './permissions';

const admin = new Set<Action>([
  'space.rename',
  'members.invite',
  'members.changeRole',
  'members.remove',
  'apiTokens.manage',
  'settings.manage',
  'channels.manage',
  'snippets.manage',
  'workflows.manage',
  'comments.deleteAny',
  'contactFields.manage',
  'webhooks.manage',
  'sla.manage',
  'reports.viewTeam',
]);

describe('permission matrix', () => {
  const rows: Array<[Role, Action, boolean]> = [];
  for (const action of ACTIONS) {
    rows.push(['owner', action, true]);
    rows.push(['manager', action, true]);
    rows.push(['agent', action, !admin.has(action)]);
  }
  it.each(rows)('%s may %s: %s', (role, action, expected) => {
    expect(can(role, action)).toBe(expected);
  });
});

describe('role changes', () => {
  it.each([
    // actor, target, new, owners, allowed
    ['owner', 'agent', 'manager', 1, true],
    ['owner', 'agent', 'owner', 1, true],
    ['owner', 'owner', 'manager', 2, true],
    ['owner', 'owner', 'agent', 1, false],
    ['owner', 'owner', 'manager', 1, false],
    ['manager', 'agent', 'manager', 1, true],
    ['manager', 'manager', 'agent', 1, true],
    ['manager', 'agent', 'owner', 1, false],
    ['manager', 'owner', 'agent', 2, false],
    ['agent', 'agent', 'manager', 1, false],
    ['agent', 'manager', 'agent', 1, false],
  ] as Array<[Role, Role, Role, number, boolean]>)('%s changes %s → %s with %i owner(s): %s', (actorRole, targetRole, newRole, ownerCount, ok) => {
    expect(checkRoleChange({ actorRole, targetRole, newRole, ownerCount }) === null).toBe(ok);
  });
});

describe('removals', () => {
  it.each([
    ['owner', 'agent', 1, true],
    ['owner', 'manager', 1, true],
    ['owner', 'owner', 2, true],
    ['owner', 'owner', 1, false],
    ['manager', 'agent', 1, true],
    ['manager', 'manager', 1, true],
    ['manager', 'owner', 2, false],
    ['agent', 'agent', 1, false],
  ] as Array<[Role, Role, number, boolean]>)('%s removes %s with %i owner(s): %s', (actorRole, targetRole, ownerCount, ok) => {
    expect(checkRemoval({ actorRole, targetRole, ownerCount }) === null).toBe(ok);
  });
});

describe('invites', () => {
  it.each([
    ['owner', 'owner', true],
    ['owner', 'agent', true],
    ['manager', 'manager', true],
    ['manager', 'agent', true],
    ['manager', 'owner', false],
    ['agent', 'agent', false],
  ] as Array<[Role, Role, boolean]>)('%s invites as %s: %s', (actor, role, ok) => {
    expect(canInviteAs(actor, role)).toBe(ok);
  });
});
