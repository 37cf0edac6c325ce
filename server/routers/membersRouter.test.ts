import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMember, failed, ok, setupOwner, startApp, type Browser, type Person, type TestApp } from '../testing/harness';

let app: TestApp;
let owner: Browser;
let ownerId: string;
let spaceId: string;
let manager: Person;
let agent: Person;
beforeEach(async () => {
  app = await startApp();
  const setup = await setupOwner(app);
  owner = setup.browser;
  ownerId = setup.user.id;
  spaceId = setup.space.id;
  manager = await addMember(app, owner, spaceId, 'manager', { name: 'Max Manager', email: 'max@example.com' });
  agent = await addMember(app, owner, spaceId, 'agent', { name: 'Ada Agent', email: 'ada@example.com' });
});
afterEach(() => app.close());

const roleOf = (userId: string) =>
  (app.kaon.deps.db.prepare('SELECT role FROM memberships WHERE space_id = ? AND user_id = ?').get(spaceId, userId) as { role: string } | undefined)?.role;

describe('members', () => {
  it('every member can list the members with their roles, sorted by name', async () => {
    for (const browser of [owner, manager.browser, agent.browser]) {
      const list = ok(await browser.query('members.list', { spaceId }));
      expect(list.map((m) => [m.name, m.role])).toEqual([
        ['Ada Agent', 'agent'],
        ['Max Manager', 'manager'],
        ['Olivia Owner', 'owner'],
      ]);
      expect(JSON.stringify(list)).not.toMatch(/password|scrypt/);
    }
  });

  it('an owner promotes an agent to manager', async () => {
    expect(ok(await owner.mutate('members.setRole', { spaceId, userId: agent.user.id, role: 'manager' }))).toEqual({ userId: agent.user.id, role: 'manager' });
    expect(roleOf(agent.user.id)).toBe('manager');
    expect(ok(await agent.browser.query('spaces.get', { spaceId })).role).toBe('manager');
  });

  it('a manager can change agents and managers but cannot make an owner or touch one', async () => {
    ok(await manager.browser.mutate('members.setRole', { spaceId, userId: agent.user.id, role: 'manager' }));
    expect(roleOf(agent.user.id)).toBe('manager');

    const makeOwner = failed(await manager.browser.mutate('members.setRole', { spaceId, userId: agent.user.id, role: 'owner' }));
    expect(makeOwner.code).toBe('FORBIDDEN');
    expect(makeOwner.message).toMatch(/Only an owner can make someone an owner/);
    expect(roleOf(agent.user.id)).toBe('manager');

    expect(failed(await manager.browser.mutate('members.setRole', { spaceId, userId: manager.user.id, role: 'owner' })).code).toBe('FORBIDDEN');
    expect(failed(await manager.browser.mutate('members.setRole', { spaceId, userId: ownerId, role: 'agent' })).code).toBe('FORBIDDEN');
    expect(failed(await manager.browser.mutate('members.remove', { spaceId, userId: ownerId })).code).toBe('FORBIDDEN');
    expect(roleOf(manager.user.id)).toBe('manager');
    expect(roleOf(ownerId)).toBe('owner');
  });

  it('the last owner can be neither demoted nor removed', async () => {
    for (const role of ['manager', 'agent'] as const) {
      const res = failed(await owner.mutate('members.setRole', { spaceId, userId: ownerId, role }));
      expect(res.code).toBe('FORBIDDEN');
      expect(res.message).toBe('This is the last owner of the space. Make someone else an owner first.');
    }
    const before = app.count('memberships');
    const removed = failed(await owner.mutate('members.remove', { spaceId, userId: ownerId }));
    expect(removed.code).toBe('FORBIDDEN');
    expect(removed.message).toMatch(/last owner/);
    expect(roleOf(ownerId)).toBe('owner');
    expect(app.count('memberships')).toBe(before);

    // With a second owner, the first may step down.
    ok(await owner.mutate('members.setRole', { spaceId, userId: manager.user.id, role: 'owner' }));
    ok(await owner.mutate('members.setRole', { spaceId, userId: ownerId, role: 'manager' }));
    expect(roleOf(ownerId)).toBe('manager');
  });

  it('an agent can neither change roles nor remove members', async () => {
    const before = app.count('memberships');
    for (const res of [
      failed(await agent.browser.mutate('members.setRole', { spaceId, userId: agent.user.id, role: 'manager' })),
      failed(await agent.browser.mutate('members.setRole', { spaceId, userId: manager.user.id, role: 'agent' })),
      failed(await agent.browser.mutate('members.remove', { spaceId, userId: manager.user.id })),
    ]) {
      expect(res.code).toBe('FORBIDDEN');
      expect(res.message).toBe('Only owners and managers can do this.');
    }
    expect(roleOf(agent.user.id)).toBe('agent');
    expect(roleOf(manager.user.id)).toBe('manager');
    expect(app.count('memberships')).toBe(before);
  });

  it('a removed member loses access to the space', async () => {
    ok(await agent.browser.query('spaces.get', { spaceId }));
    expect(ok(await owner.mutate('members.remove', { spaceId, userId: agent.user.id }))).toEqual({ ok: true });
    expect(roleOf(agent.user.id)).toBeUndefined();

    for (const res of [failed(await agent.browser.query('spaces.get', { spaceId })), failed(await agent.browser.query('members.list', { spaceId }))]) {
      expect(res.code).toBe('NOT_FOUND');
      expect(res.message).toBe('This space was not found.');
    }
    expect(ok(await agent.browser.query('auth.me'))?.spaces).toEqual([]);
    // Removing them again: they are not a member any more.
    expect(failed(await owner.mutate('members.remove', { spaceId, userId: agent.user.id })).code).toBe('NOT_FOUND');
  });

  it('signed-out callers are refused', async () => {
    expect(failed(await app.browser().query('members.list', { spaceId })).code).toBe('UNAUTHORIZED');
    expect(failed(await app.browser().mutate('members.setRole', { spaceId, userId: agent.user.id, role: 'owner' })).code).toBe('UNAUTHORIZED');
    expect(roleOf(agent.user.id)).toBe('agent');
  });
});

describe('across spaces', () => {
  let other: Browser;
  let otherSpaceId: string;
  let stranger: Person;
  beforeEach(async () => {
    // The manager creates a second space and adds a stranger; the first space's owner is not in it.
    other = manager.browser;
    otherSpaceId = ok(await other.mutate('spaces.create', { name: 'Max Consulting' })).id;
    stranger = await addMember(app, other, otherSpaceId, 'agent', { name: 'Sam Stranger', email: 'sam@example.com' });
  });

  it('a user creating a space owns it', async () => {
    expect(ok(await other.query('spaces.get', { spaceId: otherSpaceId }))).toMatchObject({ name: 'Max Consulting', role: 'owner' });
    expect(ok(await other.query('auth.me'))?.spaces.map((s) => s.role).sort()).toEqual(['manager', 'owner']);
  });

  it('says NOT_FOUND for a space the caller is not in, and writes nothing', async () => {
    const before = app.counts();
    const invitesBefore = app.kaon.deps.db.prepare('SELECT * FROM invites ORDER BY id').all();
    const listOther = failed(await owner.query('members.list', { spaceId: otherSpaceId }));
    const calls = [
      await owner.query('spaces.get', { spaceId: otherSpaceId }),
      await owner.mutate('invites.create', { spaceId: otherSpaceId, role: 'owner' }),
      await owner.query('invites.list', { spaceId: otherSpaceId }),
      await owner.query('apiTokens.list', { spaceId: otherSpaceId }),
      await owner.mutate('apiTokens.create', { spaceId: otherSpaceId, name: 'sneaky' }),
      await owner.mutate('members.setRole', { spaceId: otherSpaceId, userId: stranger.user.id, role: 'owner' }),
      await owner.mutate('members.remove', { spaceId: otherSpaceId, userId: stranger.user.id }),
      await owner.mutate('spaces.rename', { spaceId: otherSpaceId, name: 'Mine now' }),
    ];
    for (const err of [listOther, ...calls.map((res) => failed(res))]) {
      expect(err.code).toBe('NOT_FOUND');
      expect(err.message).toBe('This space was not found.');
    }
    // A space that does not exist answers exactly the same.
    expect(failed(await owner.query('members.list', { spaceId: 'doesNotExist0000' }))).toEqual(listOther);

    expect(app.counts()).toEqual(before);
    expect(app.kaon.deps.db.prepare('SELECT * FROM invites ORDER BY id').all()).toEqual(invitesBefore);
    expect(ok(await other.query('spaces.get', { spaceId: otherSpaceId })).name).toBe('Max Consulting');
    expect(ok(await other.query('members.list', { spaceId: otherSpaceId })).find((m) => m.userId === stranger.user.id)?.role).toBe('agent');
  });

  it('a userId from another space is NOT_FOUND in this one', async () => {
    const before = app.counts();
    const setRole = failed(await owner.mutate('members.setRole', { spaceId, userId: stranger.user.id, role: 'manager' }));
    expect(setRole.code).toBe('NOT_FOUND');
    expect(setRole.message).toBe('This member was not found.');
    expect(failed(await owner.mutate('members.remove', { spaceId, userId: stranger.user.id })).code).toBe('NOT_FOUND');
    expect(app.counts()).toEqual(before);
    expect(ok(await other.query('members.list', { spaceId: otherSpaceId })).find((m) => m.userId === stranger.user.id)?.role).toBe('agent');
  });

  it('an invite id from another space cannot be revoked here', async () => {
    const invite = ok(await other.mutate('invites.create', { spaceId: otherSpaceId, role: 'agent' }));
    expect(failed(await owner.mutate('invites.revoke', { spaceId, inviteId: invite.id })).code).toBe('NOT_FOUND');
    ok(await app.browser().query('invites.preview', { token: invite.token }));
  });
});
