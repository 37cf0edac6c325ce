import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMember, failed, ok, setupOwner, startApp, type Browser, type Person, type TestApp } from '../testing/harness';

let app: TestApp;
let owner: Browser;
let spaceId: string;
let manager: Person;
let managersOwnSpace: string;
beforeEach(async () => {
  app = await startApp();
  const setup = await setupOwner(app);
  owner = setup.browser;
  spaceId = setup.space.id;
  manager = await addMember(app, owner, spaceId, 'manager', { name: 'Max Manager', email: 'max@example.com' });
  managersOwnSpace = ok(await manager.browser.mutate('spaces.create', { name: 'Max Consulting' })).id;
});
afterEach(() => app.close());

async function createToken(name = 'zapier') {
  return ok(await manager.browser.mutate('apiTokens.create', { spaceId, name }));
}

describe('API tokens', () => {
  it('a manager creates a token that is shown once and never listed', async () => {
    const before = app.count('api_tokens');
    const created = await createToken();
    expect(created.token).toMatch(/^kaon_[A-Za-z0-9_-]{40,}$/);
    expect(created.name).toBe('zapier');
    expect(app.count('api_tokens')).toBe(before + 1);

    const stored = app.kaon.deps.db.prepare('SELECT token_hash FROM api_tokens WHERE id = ?').get(created.id) as { token_hash: string };
    expect(stored.token_hash).not.toContain(created.token);

    for (const browser of [manager.browser, owner]) {
      const res = await browser.fetch(`/trpc/apiTokens.list?input=${encodeURIComponent(JSON.stringify({ spaceId }))}`);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toContain(created.id);
      expect(text).toContain('Max Manager');
      expect(text).not.toContain(created.token);
      expect(text).not.toContain(stored.token_hash);
      expect(text).not.toMatch(/token_?hash/i);
    }
    const list = ok(await owner.query('apiTokens.list', { spaceId }));
    expect(list).toEqual([{ id: created.id, name: 'zapier', createdBy: 'Max Manager', createdAt: app.clock.now(), lastUsedAt: null }]);
  });

  it('acts as its creator over HTTP, in its own space only', async () => {
    const { token } = await createToken();
    const script = app.browser({ bearer: token });

    const who = ok(await script.query('auth.whoami'));
    expect(who).toEqual({ user: { id: manager.user.id, email: 'max@example.com', name: 'Max Manager' }, via: 'token' });
    expect(ok(await script.query('members.list', { spaceId })).map((m) => m.email)).toContain('max@example.com');
    expect(ok(await script.query('auth.me'))?.spaces.map((s) => s.id)).toEqual([spaceId]);
    expect(app.kaon.deps.db.prepare('SELECT last_used_at FROM api_tokens').get()).toEqual({ last_used_at: app.clock.now() });

    // The creator belongs to another space too; the token does not reach it.
    const elsewhere = failed(await script.query('members.list', { spaceId: managersOwnSpace }));
    expect(elsewhere.code).toBe('NOT_FOUND');
    expect(failed(await script.mutate('invites.create', { spaceId: managersOwnSpace, role: 'agent' })).code).toBe('NOT_FOUND');

    // A token does admin work in its space with its creator's role.
    ok(await script.mutate('spaces.rename', { spaceId, name: 'Acme Help' }));
    expect(ok(await owner.query('spaces.get', { spaceId })).name).toBe('Acme Help');
  });

  it('cannot create spaces, sign out or accept invites', async () => {
    const { token } = await createToken();
    const script = app.browser({ bearer: token });
    const invite = ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
    const before = app.counts();
    for (const res of [
      failed(await script.mutate('spaces.create', { name: 'Token space' })),
      failed(await script.mutate('auth.logout')),
      failed(await script.mutate('invites.accept', { token: invite.token })),
    ]) {
      expect(res.code).toBe('FORBIDDEN');
      expect(res.message).toBe('API tokens cannot do this; sign in to the app instead.');
    }
    expect(app.counts()).toEqual(before);
  });

  it.each([
    ['no', undefined],
    ['a garbage', 'garbage'],
    ['a well-formed but unknown', `kaon_${'A'.repeat(43)}`],
    ['an oversized', `kaon_${'A'.repeat(500)}`],
  ])('%s bearer token is UNAUTHORIZED', async (_label, bearer) => {
    const script = bearer === undefined ? app.browser() : app.browser({ bearer });
    const res = failed(await script.query('members.list', { spaceId }));
    expect(res.code).toBe('UNAUTHORIZED');
    expect(res.status).toBe(401);
  });

  it('a non-Bearer Authorization header is UNAUTHORIZED, even alongside a valid session cookie', async () => {
    const browser = app.browser({ headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    for (const [k, v] of owner.cookies) browser.cookies.set(k, v);
    const res = failed(await browser.query('members.list', { spaceId }));
    expect(res.code).toBe('UNAUTHORIZED');
    expect(res.message).toBe('This API token is not valid or has been revoked.');
  });

  it('stops working once revoked, and disappears from the list', async () => {
    const created = await createToken();
    const script = app.browser({ bearer: created.token });
    ok(await script.query('members.list', { spaceId }));

    expect(ok(await owner.mutate('apiTokens.revoke', { spaceId, tokenId: created.id }))).toEqual({ ok: true });
    const res = failed(await script.query('members.list', { spaceId }));
    expect(res.code).toBe('UNAUTHORIZED');
    expect(res.message).toBe('This API token is not valid or has been revoked.');
    expect(ok(await owner.query('apiTokens.list', { spaceId }))).toEqual([]);
    expect(failed(await owner.mutate('apiTokens.revoke', { spaceId, tokenId: created.id })).code).toBe('NOT_FOUND');
  });

  it('stops reaching the space when its creator is removed', async () => {
    const { token } = await createToken();
    const script = app.browser({ bearer: token });
    ok(await owner.mutate('members.remove', { spaceId, userId: manager.user.id }));
    expect(failed(await script.query('members.list', { spaceId })).code).toBe('NOT_FOUND');
  });

  it('cannot be created, listed or revoked by an agent', async () => {
    const created = await createToken();
    const agent = await addMember(app, owner, spaceId, 'agent', { name: 'Ada Agent', email: 'ada@example.com' });
    const before = app.count('api_tokens');
    for (const res of [
      failed(await agent.browser.mutate('apiTokens.create', { spaceId, name: 'mine' })),
      failed(await agent.browser.query('apiTokens.list', { spaceId })),
      failed(await agent.browser.mutate('apiTokens.revoke', { spaceId, tokenId: created.id })),
    ]) {
      expect(res.code).toBe('FORBIDDEN');
      expect(res.message).toBe('Only owners and managers can do this.');
    }
    expect(app.count('api_tokens')).toBe(before);
    ok(await app.browser({ bearer: created.token }).query('members.list', { spaceId }));
  });

  it('a token id from another space cannot be revoked here', async () => {
    const theirs = ok(await manager.browser.mutate('apiTokens.create', { spaceId: managersOwnSpace, name: 'theirs' }));
    expect(failed(await owner.mutate('apiTokens.revoke', { spaceId, tokenId: theirs.id })).code).toBe('NOT_FOUND');
    ok(await app.browser({ bearer: theirs.token }).query('members.list', { spaceId: managersOwnSpace }));
  });

  it('needs a name', async () => {
    const before = app.count('api_tokens');
    const res = failed(await manager.browser.mutate('apiTokens.create', { spaceId, name: '   ' }));
    expect(res.code).toBe('BAD_REQUEST');
    expect(res.message).toBe('name: Give the token a name');
    expect(app.count('api_tokens')).toBe(before);
  });
});
