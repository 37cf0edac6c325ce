/**
 * Sign-in under attack: attempts are counted before the password
 * is checked, so neither a batch nor parallel requests get more guesses than the limit; a batch
 * cannot carry sign-ins; scrypt runs under a concurrency bound; and failures from one client do
 * not lock the real user out from another (they only slow the account down).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../config';
import { failed, ok, PASSWORD, setupOwner, startApp, type TestApp } from '../testing/harness';

let app: TestApp;
afterEach(() => app?.close());

const owner = { email: 'owner@example.com', password: PASSWORD };

async function start(overrides: Partial<Config> = {}) {
  // TRUST_PROXY=1 lets one test play clients at different addresses through X-Forwarded-For.
  app = await startApp({ trustProxy: 1, loginSlowdownMs: 20, ...overrides });
  await setupOwner(app);
}
const from = (ip: string) => app.browser({ headers: { 'x-forwarded-for': ip } });

/** A raw batched tRPC POST of `n` sign-ins (guessing many passwords at once). */
async function batchLogin(n: number, ip = '203.0.113.7') {
  const paths = Array.from({ length: n }, () => 'auth.login').join(',');
  const body = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { ...owner, password: `guess ${i}` }]));
  const res = await fetch(`${app.url}/trpc/${paths}?batch=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('sign-in limits', () => {
  it('refuses sign-in inside a batch, in words, without checking any password', async () => {
    await start();
    const started = Date.now();
    const res = await batchLogin(60);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Sign in with one request at a time.');
    expect(Date.now() - started).toBeLessThan(1000);
    // Nothing was counted against the owner: the right password works at once.
    ok(await from('203.0.113.7').mutate('auth.login', owner));
  });

  it('counts parallel attempts before checking the password: 25 at once get at most the limit of answers', async () => {
    await start();
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => from('203.0.113.8').mutate('auth.login', { ...owner, password: `guess ${i}` })));
    const codes = results.map((r) => failed(r).code);
    expect(codes.filter((c) => c === 'UNAUTHORIZED').length).toBeLessThanOrEqual(app.config.loginMaxPerEmail);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(25 - app.config.loginMaxPerEmail);
    // The attacker's client is now refused, even with the right password.
    const locked = failed(await from('203.0.113.8').mutate('auth.login', owner));
    expect(locked.code).toBe('TOO_MANY_REQUESTS');
    expect(locked.message).toMatch(/Too many failed sign-ins\. Try again in (1 minute|([02-9]|\d\d+) minutes)\./);
  });

  it('does not lock the real user out from their own client: a slow-down, not a refusal', async () => {
    await start({ loginSlowdownMs: 150 });
    for (let i = 0; i < app.config.loginMaxPerEmail + 3; i++) {
      const res = failed(await from('198.51.100.66').mutate('auth.login', { ...owner, password: `guess ${i}` }));
      expect(['UNAUTHORIZED', 'TOO_MANY_REQUESTS']).toContain(res.code);
    }
    const started = Date.now();
    const real = from('192.0.2.10');
    expect(ok(await real.mutate('auth.login', owner)).user.email).toBe('owner@example.com');
    // The account is under attack, so even a clean client waits a little before its password is checked.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // A wrong password from a second clean client still counts for that client only.
    expect(failed(await from('192.0.2.11').mutate('auth.login', { ...owner, password: 'typo' })).code).toBe('UNAUTHORIZED');
  });

  it('bounds password hashing: past the queue, sign-ins are refused with 429 in words, then work again', async () => {
    await start({ passwordHashConcurrency: 1, passwordHashQueue: 2 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => from(`203.0.113.${20 + i}`).mutate('auth.login', { email: `user${i}@example.com`, password: PASSWORD })));
    const busy = results.filter((r) => !r.ok && r.error.code === 'TOO_MANY_REQUESTS');
    expect(busy.length).toBeGreaterThanOrEqual(8 - 3);
    expect(failed(busy[0]!).message).toBe('Kaon is busy checking other sign-ins. Try again in a few seconds.');
    expect(results.filter((r) => !r.ok && r.error.code === 'UNAUTHORIZED').length).toBeGreaterThanOrEqual(1);
    ok(await from('192.0.2.50').mutate('auth.login', owner));
  });

  it('reads its settings from the environment', async () => {
    const { configFromEnv } = await import('../config');
    expect(configFromEnv({}).passwordHashConcurrency).toBe(2);
    expect(configFromEnv({ PASSWORD_HASH_CONCURRENCY: '4' }).passwordHashConcurrency).toBe(4);
    expect(() => configFromEnv({ PASSWORD_HASH_CONCURRENCY: '0' })).toThrow('PASSWORD_HASH_CONCURRENCY must be a whole number of at least 1');
  });
});
