import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMember, failed, ok, PASSWORD, setupOwner, startApp, type Browser, type TestApp } from '../testing/harness';

let app: TestApp;
let owner: Browser;
let spaceId: string;
beforeEach(async () => {
  app = await startApp();
  const setup = await setupOwner(app);
  owner = setup.browser;
  spaceId = setup.space.id;
});
afterEach(() => app.close());

const newcomer = { name: 'Nina Newcomer', email: 'nina@example.com', password: PASSWORD };

describe('invites', () => {
  it('an owner invites an agent who previews the link, creates an account and joins', async () => {
    const invite = ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
    expect(invite.path).toBe(`/invite/${invite.token}`);
    expect(invite.role).toBe('agent');
    expect(ok(await owner.query('invites.list', { spaceId })).map((i) => i.id)).toEqual([invite.id]);
    expect(JSON.stringify(ok(await owner.query('invites.list', { spaceId })))).not.toContain(invite.token);

    const visitor = app.browser();
    const preview = ok(await visitor.query('invites.preview', { token: invite.token }));
    expect(preview).toMatchObject({ spaceName: 'Acme Support', role: 'agent', email: null, signedInAs: null });

    // Without an account and signed out, accepting asks for one; nothing is written.
    const before = app.counts();
    const noAccount = failed(await visitor.mutate('invites.accept', { token: invite.token }));
    expect(noAccount.code).toBe('BAD_REQUEST');
    expect(noAccount.message).toMatch(/Enter your name, e-mail and a password/);
    expect(app.counts()).toEqual(before);

    const accepted = await visitor.mutate('invites.accept', { token: invite.token, account: newcomer });
    expect(ok(accepted)).toEqual({ spaceId, role: 'agent' });
    expect(accepted.setCookies.find((c) => c.startsWith('kaon_session='))).toMatch(/HttpOnly/);
    expect(app.counts()).toMatchObject({ users: before.users + 1, memberships: before.memberships + 1, sessions: before.sessions + 1 });

    const me = ok(await visitor.query('auth.me'));
    expect(me?.user.email).toBe('nina@example.com');
    expect(me?.spaces).toEqual([{ id: spaceId, name: 'Acme Support', role: 'agent', status: 'online' }]);
    expect(ok(await owner.query('invites.list', { spaceId }))).toEqual([]);
  });

  it('cannot be used twice', async () => {
    const invite = ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
    ok(await app.browser().mutate('invites.accept', { token: invite.token, account: newcomer }));
    const before = app.counts();

    const again = failed(await app.browser().mutate('invites.accept', { token: invite.token, account: { ...newcomer, email: 'second@example.com' } }));
    expect(again.code).toBe('BAD_REQUEST');
    expect(again.message).toMatch(/already been used/);
    expect(failed(await app.browser().query('invites.preview', { token: invite.token })).message).toMatch(/already been used/);
    expect(app.counts()).toEqual(before);
  });

  it('expires after ttlHours', async () => {
    const invite = ok(await owner.mutate('invites.create', { spaceId, role: 'agent', ttlHours: 2 }));
    app.clock.advance(2 * 3_600_000 - 1);
    ok(await app.browser().query('invites.preview', { token: invite.token }));

    app.clock.advance(1);
    const before = app.counts();
    const preview = failed(await app.browser().query('invites.preview', { token: invite.token }));
    expect(preview.message).toMatch(/expired/);
    const accept = failed(await app.browser().mutate('invites.accept', { token: invite.token, account: newcomer }));
    expect(accept.code).toBe('BAD_REQUEST');
    expect(accept.message).toMatch(/expired/);
    expect(app.counts()).toEqual(before);
    expect(ok(await owner.query('invites.list', { spaceId }))).toEqual([]);
  });

  it('stops working once revoked', async () => {
    const invite = ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
    expect(ok(await owner.mutate('invites.revoke', { spaceId, inviteId: invite.id }))).toEqual({ ok: true });
    const before = app.counts();
    for (const res of [
      failed(await app.browser().query('invites.preview', { token: invite.token })),
      failed(await app.browser().mutate('invites.accept', { token: invite.token, account: newcomer })),
    ]) {
      expect(res.code).toBe('NOT_FOUND');
      expect(res.message).toMatch(/not valid/);
    }
    expect(app.counts()).toEqual(before);
  });

  it('an unknown token is not valid', async () => {
    const res = failed(await app.browser().query('invites.preview', { token: 'x'.repeat(43) }));
    expect(res.code).toBe('NOT_FOUND');
    expect(res.message).toBe('This invite link is not valid. Ask for a new one.');
  });

  it('an invite for one e-mail refuses another, and accepts that one', async () => {
    const invite = ok(await owner.mutate('invites.create', { spaceId, role: 'manager', email: 'Nina@Example.com' }));
    const visitor = app.browser();
    expect(ok(await visitor.query('invites.preview', { token: invite.token })).email).toBe('nina@example.com');

    const before = app.counts();
    const wrong = failed(await visitor.mutate('invites.accept', { token: invite.token, account: { ...newcomer, email: 'someone@example.com' } }));
    expect(wrong.code).toBe('FORBIDDEN');
    expect(wrong.message).toMatch(/another e-mail address/);
    expect(app.counts()).toEqual(before);

    // Signed in as someone else (the owner) is refused too.
    expect(failed(await owner.mutate('invites.accept', { token: invite.token })).code).toBe('FORBIDDEN');

    expect(ok(await visitor.mutate('invites.accept', { token: invite.token, account: newcomer }))).toEqual({ spaceId, role: 'manager' });
  });

  it('answers an existing e-mail with a wrong password like a failed sign-in: nothing written, no account revealed', async () => {
    const invite = ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
    const before = app.counts();
    const res = failed(await app.browser().mutate('invites.accept', { token: invite.token, account: { ...newcomer, email: 'owner@example.com', password: 'not her password' } }));
    expect(res.code).toBe('UNAUTHORIZED');
    // The words of a failed sign-in, which are the same for unknown e-mails: nothing says "this account exists".
    expect(res.message).toBe('Wrong e-mail or password.');
    expect(res.message).not.toMatch(/exists|already/i);
    expect(app.counts()).toEqual(before);
    // The invite is still usable.
    ok(await app.browser().query('invites.preview', { token: invite.token }));
  });

  it('an existing account joins with its own password, answered exactly like a new account', async () => {
    const elsewhere = ok(await owner.mutate('spaces.create', { name: 'Elsewhere' }));
    const first = ok(await owner.mutate('invites.create', { spaceId: elsewhere.id, role: 'agent' }));
    const created = await app.browser().mutate('invites.accept', { token: first.token, account: newcomer });
    const invite = ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
    const browser = app.browser();
    const joined = await browser.mutate('invites.accept', { token: invite.token, account: { name: 'Any Name', email: newcomer.email, password: newcomer.password } });
    expect(joined.status).toBe(created.status);
    expect(Object.keys(ok(joined))).toEqual(Object.keys(ok(created)));
    expect(ok(joined)).toEqual({ spaceId, role: 'agent' });
    expect(joined.setCookies.some((c) => c.startsWith('kaon_session='))).toBe(true);
    // The existing user joined as themself: no second account, their name unchanged.
    expect(app.kaon.deps.db.prepare('SELECT count(*) AS n, max(name) AS name FROM users WHERE email = ?').get(newcomer.email)).toEqual({ n: 1, name: newcomer.name });
    expect(ok(await browser.query('members.list', { spaceId })).map((m) => m.email)).toContain(newcomer.email);
  });

  it('counts wrong passwords through invites as sign-in failures', async () => {
    const invite = ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
    const browser = app.browser();
    for (let i = 0; i < app.config.loginMaxPerEmail; i++) {
      expect(failed(await browser.mutate('invites.accept', { token: invite.token, account: { ...newcomer, email: 'owner@example.com', password: `not the password ${i}` } })).code).toBe('UNAUTHORIZED');
    }
    expect(failed(await browser.mutate('invites.accept', { token: invite.token, account: { ...newcomer, email: 'owner@example.com', password: PASSWORD } })).code).toBe('TOO_MANY_REQUESTS');
  });

  it('a signed-in user of another space joins as themself', async () => {
    const invite = ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
    const other = app.browser();
    // Join through a first invite, then create an own space, then accept the second invite.
    const first = ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
    ok(await other.mutate('invites.accept', { token: first.token, account: newcomer }));
    const already = failed(await other.mutate('invites.accept', { token: invite.token }));
    expect(already.code).toBe('CONFLICT');
    expect(already.message).toBe('You are already a member of this space.');

    const own = ok(await other.mutate('spaces.create', { name: 'Nina Corp' }));
    const toOwn = ok(await other.mutate('invites.create', { spaceId: own.id, role: 'manager' }));
    expect(ok(await owner.query('invites.preview', { token: toOwn.token })).signedInAs).toBe('owner@example.com');
    const before = app.counts();
    expect(ok(await owner.mutate('invites.accept', { token: toOwn.token }))).toEqual({ spaceId: own.id, role: 'manager' });
    expect(app.counts()).toMatchObject({ users: before.users, sessions: before.sessions, memberships: before.memberships + 1 });
  });

  it('a manager cannot invite an owner; an agent cannot invite at all', async () => {
    const manager = await addMember(app, owner, spaceId, 'manager', { name: 'Max Manager', email: 'max@example.com' });
    const agent = await addMember(app, owner, spaceId, 'agent', { name: 'Ada Agent', email: 'ada@example.com' });
    const before = app.count('invites');

    const asOwner = failed(await manager.browser.mutate('invites.create', { spaceId, role: 'owner' }));
    expect(asOwner.code).toBe('FORBIDDEN');
    expect(asOwner.message).toBe('Only an owner can invite another owner.');

    const byAgent = failed(await agent.browser.mutate('invites.create', { spaceId, role: 'agent' }));
    expect(byAgent.code).toBe('FORBIDDEN');
    expect(failed(await agent.browser.query('invites.list', { spaceId })).code).toBe('FORBIDDEN');
    expect(app.count('invites')).toBe(before);

    // A manager may invite managers and agents.
    expect(ok(await manager.browser.mutate('invites.create', { spaceId, role: 'manager' })).role).toBe('manager');
    expect(app.count('invites')).toBe(before + 1);
  });

  it('rejects bad invite input naming the field', async () => {
    const before = app.count('invites');
    const res = failed(await owner.raw('invites.create', JSON.stringify({ spaceId, role: 'admin', ttlHours: 0 })));
    expect(res.code).toBe('BAD_REQUEST');
    expect(res.fields).toHaveProperty('role');
    expect(res.fields).toHaveProperty('ttlHours');
    expect(app.count('invites')).toBe(before);
  });
});
