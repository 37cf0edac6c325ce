import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../auth/tokens';
import { failed, ok, PASSWORD, setupOwner, startApp, type TestApp } from '../testing/harness';

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
  await setupOwner(app);
});
afterEach(() => app.close());

const owner = { email: 'owner@example.com', password: PASSWORD };
const WRONG = 'Wrong e-mail or password.';

describe('auth.login', () => {
  it('signs in with the right password and sets an HttpOnly session cookie', async () => {
    const browser = app.browser();
    const sessionsBefore = app.count('sessions');
    const res = await browser.mutate('auth.login', owner);
    expect(ok(res).user).toMatchObject({ email: 'owner@example.com', name: 'Olivia Owner' });
    expect(res.setCookies.find((c) => c.startsWith('kaon_session='))).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/);
    expect(app.count('sessions')).toBe(sessionsBefore + 1);
    expect(ok(await browser.query('auth.whoami'))).toMatchObject({ user: { email: 'owner@example.com' }, via: 'session' });
  });

  it('says the same thing for a wrong password and an unknown e-mail, and starts no session', async () => {
    const sessionsBefore = app.count('sessions');
    const wrong = failed(await app.browser().mutate('auth.login', { ...owner, password: 'not the password' }));
    const unknown = failed(await app.browser().mutate('auth.login', { email: 'nobody@example.com', password: PASSWORD }));
    for (const res of [wrong, unknown]) {
      expect(res.code).toBe('UNAUTHORIZED');
      expect(res.status).toBe(401);
      expect(res.message).toBe(WRONG);
    }
    expect(app.count('sessions')).toBe(sessionsBefore);
  });

  it('locks an e-mail out after LOGIN_MAX_FAILURES failures, even with the right password, until the window passes', async () => {
    const browser = app.browser();
    for (let i = 0; i < app.config.loginMaxPerEmail; i++) {
      expect(failed(await browser.mutate('auth.login', { ...owner, password: `wrong password ${i}` })).message).toBe(WRONG);
    }
    const sessionsBefore = app.count('sessions');
    const locked = failed(await browser.mutate('auth.login', owner));
    expect(locked.code).toBe('TOO_MANY_REQUESTS');
    expect(locked.status).toBe(429);
    expect(locked.message).toMatch(/Too many failed sign-ins\. Try again in (1 minute|([02-9]|\d\d+) minutes)\./);
    expect(app.count('sessions')).toBe(sessionsBefore);

    // Another e-mail from another browser is not locked by this one's failures.
    expect(failed(await app.browser().mutate('auth.login', { email: 'other@example.com', password: PASSWORD })).code).toBe('UNAUTHORIZED');

    app.clock.advance(app.config.loginWindowMs + 1);
    expect(ok(await browser.mutate('auth.login', owner)).user.email).toBe('owner@example.com');
  });

  it('forgets failures after a successful sign-in', async () => {
    for (let i = 0; i < app.config.loginMaxPerEmail - 1; i++) failed(await app.browser().mutate('auth.login', { ...owner, password: 'wrong password' }));
    ok(await app.browser().mutate('auth.login', owner));
    for (let i = 0; i < app.config.loginMaxPerEmail - 1; i++) failed(await app.browser().mutate('auth.login', { ...owner, password: 'wrong password' }));
    ok(await app.browser().mutate('auth.login', owner));
  });

  it('locks an IP out after LOGIN_MAX_FAILURES_PER_IP failures across e-mails', async () => {
    await app.close();
    app = await startApp({ loginMaxPerIp: 3 });
    await setupOwner(app);
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      expect(failed(await app.browser().mutate('auth.login', { email, password: PASSWORD })).code).toBe('UNAUTHORIZED');
    }
    expect(failed(await app.browser().mutate('auth.login', owner)).code).toBe('TOO_MANY_REQUESTS');
    app.clock.advance(app.config.loginWindowMs + 1);
    ok(await app.browser().mutate('auth.login', owner));
  });

  it('rejects bad input naming the field', async () => {
    const res = failed(await app.browser().mutate('auth.login', { email: 'nope', password: '' }));
    expect(res.code).toBe('BAD_REQUEST');
    expect(res.message).toContain('email: Enter a valid e-mail address');
    expect(res.message).toContain('password: Enter your password');
  });
});

describe('auth.logout', () => {
  it('deletes the session and clears the cookie; the old cookie no longer works', async () => {
    const browser = app.browser();
    ok(await browser.mutate('auth.login', owner));
    const stolen = new Map(browser.cookies);
    const sessionsBefore = app.count('sessions');

    const res = await browser.mutate('auth.logout');
    expect(ok(res)).toEqual({ ok: true });
    expect(res.setCookies.some((c) => /^kaon_session=;.*Max-Age=0/.test(c))).toBe(true);
    expect(browser.cookies.has('kaon_session')).toBe(false);
    expect(app.count('sessions')).toBe(sessionsBefore - 1);

    expect(failed(await browser.query('auth.whoami')).code).toBe('UNAUTHORIZED');
    // Replaying the cookie from before logout does not work either.
    const replay = app.browser();
    for (const [k, v] of stolen) replay.cookies.set(k, v);
    const err = failed(await replay.query('auth.whoami'));
    expect(err.code).toBe('UNAUTHORIZED');
    expect(err.message).toBe('You are not signed in. Sign in and try again.');
    expect(ok(await replay.query('auth.me'))).toBeNull();
  });

  it('needs a session', async () => {
    expect(failed(await app.browser().mutate('auth.logout')).code).toBe('UNAUTHORIZED');
  });
});

describe('sessions', () => {
  it.each([
    ['a forged token', 'kaon_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['an empty token', 'kaon_session='],
    ['an oversized token', `kaon_session=${'a'.repeat(5000)}`],
    ['a garbled header', ';;=;kaon_session'],
  ])('refuses %s', async (_label, cookie) => {
    const res = failed(await app.browser({ headers: { cookie } }).query('auth.whoami'));
    expect(res.code).toBe('UNAUTHORIZED');
  });

  it('expires after the session TTL and deletes the expired row', async () => {
    const browser = app.browser();
    ok(await browser.mutate('auth.login', owner));
    const row = () => app.kaon.deps.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(hashSecret(browser.cookies.get('kaon_session')!));
    expect(row()).toBeDefined();

    app.clock.advance(app.config.sessionTtlMs - 1000);
    ok(await browser.query('auth.whoami'));

    app.clock.advance(1000);
    const res = failed(await browser.query('auth.whoami'));
    expect(res.code).toBe('UNAUTHORIZED');
    expect(row()).toBeUndefined();
    expect(failed(await browser.query('auth.whoami')).code).toBe('UNAUTHORIZED');
  });
});

describe('auth.me', () => {
  it('is null when signed out', async () => {
    expect(ok(await app.browser().query('auth.me'))).toBeNull();
  });
});
