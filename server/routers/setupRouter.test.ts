import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/domain/limits';
import { failed, ok, PASSWORD, startApp, type TestApp } from '../testing/harness';

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(() => app.close());

const valid = { name: 'Olivia Owner', email: 'owner@example.com', password: PASSWORD, spaceName: 'Acme Support' };

describe('setup', () => {
  it('creates the owner and the first space once, and signs the owner in', async () => {
    const browser = app.browser();
    expect(ok(await browser.query('setup.status'))).toEqual({ needsSetup: true });

    const created = await browser.mutate('setup.create', valid);
    const { space } = ok(created);
    expect(space.name).toBe('Acme Support');

    const cookie = created.setCookies.find((c) => c.startsWith('kaon_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//);
    expect(cookie).not.toMatch(/Secure/i);

    expect(ok(await browser.query('setup.status'))).toEqual({ needsSetup: false });
    const me = ok(await browser.query('auth.me'));
    expect(me?.user.email).toBe('owner@example.com');
    expect(me?.spaces).toEqual([{ id: space.id, name: 'Acme Support', role: 'owner', status: 'online' }]);
    expect(app.counts()).toMatchObject({ users: 1, spaces: 1, memberships: 1, sessions: 1 });
  });

  it('refuses a second setup and writes nothing', async () => {
    ok(await app.browser().mutate('setup.create', valid));
    const before = app.counts();

    const again = failed(await app.browser().mutate('setup.create', { ...valid, email: 'intruder@example.com', spaceName: 'Takeover' }));
    expect(again.code).toBe('FORBIDDEN');
    expect(again.status).toBe(403);
    expect(again.message).toBe('Kaon is already set up. Sign in instead.');
    expect(app.counts()).toEqual(before);
  });

  it('lets exactly one of two racing setups win', async () => {
    const results = await Promise.all([
      app.browser().mutate('setup.create', valid),
      app.browser().mutate('setup.create', { ...valid, email: 'racer@example.com', spaceName: 'Racer' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(failed(results.find((r) => !r.ok)!).code).toBe('FORBIDDEN');
    expect(app.counts()).toMatchObject({ users: 1, spaces: 1, memberships: 1, sessions: 1 });
  });

  it('marks cookies Secure when configured for https', async () => {
    await app.close();
    app = await startApp({ secureCookies: true });
    const created = await app.browser().mutate('setup.create', valid);
    expect(created.setCookies.find((c) => c.startsWith('kaon_session='))).toMatch(/;\s*Secure/);
  });

  const long = (n: number) => 'x'.repeat(n);
  it.each([
    ['empty name', { ...valid, name: '   ' }, 'name', 'Enter a name'],
    ['bad e-mail', { ...valid, email: 'not-an-email' }, 'email', 'Enter a valid e-mail address'],
    ['short password', { ...valid, password: 'short' }, 'password', `at least ${LIMITS.passwordMin}`],
    ['oversized name', { ...valid, name: long(LIMITS.nameMax + 1) }, 'name', `at most ${LIMITS.nameMax}`],
    ['oversized e-mail', { ...valid, email: `${long(LIMITS.emailMax)}@example.com` }, 'email', 'too long'],
    ['oversized password', { ...valid, password: long(LIMITS.passwordMax + 1) }, 'password', `at most ${LIMITS.passwordMax}`],
    ['empty space name', { ...valid, spaceName: '' }, 'spaceName', 'Enter a space name'],
    ['oversized space name', { ...valid, spaceName: long(LIMITS.spaceNameMax + 1) }, 'spaceName', `at most ${LIMITS.spaceNameMax}`],
    ['missing field', { name: valid.name, email: valid.email, password: valid.password }, 'spaceName', ''],
    ['wrong type', { ...valid, password: 1234567890123 }, 'password', ''],
  ])('rejects %s, naming the field, and writes nothing', async (_label, input, field, words) => {
    const res = failed(await app.browser().raw('setup.create', JSON.stringify(input)));
    expect(res.code).toBe('BAD_REQUEST');
    expect(res.status).toBe(400);
    expect(res.message).toMatch(new RegExp(`^${field}: `));
    expect(res.message).toContain(words);
    expect(res.fields?.[field]?.length).toBeGreaterThan(0);
    expect(app.count('users')).toBe(0);
    expect(app.count('spaces')).toBe(0);
    expect(app.count('sessions')).toBe(0);
    expect(ok(await app.browser().query('setup.status'))).toEqual({ needsSetup: true });
  });

  it.each([
    ['not JSON', '{"name": "Olivia", '],
    ['an empty body', ''],
    ['JSON null', 'null'],
    ['a JSON array', '[1,2,3]'],
  ])('rejects a body that is %s and writes nothing', async (_label, body) => {
    const res = failed(await app.browser().raw('setup.create', body));
    expect(res.status).toBe(400);
    expect(res.code).toBe('BAD_REQUEST');
    expect(app.count('users')).toBe(0);
  });

  it('trims and lower-cases the e-mail, so the owner signs in with any casing', async () => {
    ok(await app.browser().mutate('setup.create', { ...valid, email: '  Owner@Example.COM ' }));
    const login = app.browser();
    expect(ok(await login.mutate('auth.login', { email: 'OWNER@example.com', password: PASSWORD })).user.email).toBe('owner@example.com');
  });
});
