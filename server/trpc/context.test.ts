/**
 * The same procedures called in-process (createCaller) with the context the HTTP handler builds:
 * proves auth is resolved from the request alone (cookie, Bearer, socket address).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../config';
import { createKaon, type Kaon } from '../http';
import { appRouter } from '../routers/root';
import { PASSWORD, tempDir } from '../testing/harness';
import { createContextFactory } from './context';
import { createCallerFactory } from './init';

let kaon: Kaon;
let remove: () => void;
let t = Date.UTC(2030, 0, 1);
beforeEach(() => {
  const temp = tempDir();
  remove = temp.remove;
  t = Date.UTC(2030, 0, 1);
  try {
    kaon = createKaon(
      { ...configFromEnv({}), dataDir: join(temp.dir, 'data'), clientDir: join(temp.dir, 'client'), sessionTtlMs: 60_000, loginMaxPerIp: 2 },
      () => t,
    );
  } catch (err) {
    remove();
    throw err;
  }
});
afterEach(async () => {
  await kaon?.close();
  remove();
});

/** A caller as if a request arrived with these headers from this address; Set-Cookie lands in `cookies`. */
function caller(headers: { cookie?: string; authorization?: string } = {}, remoteAddress = '198.51.100.1') {
  const cookies: string[] = [];
  const req = { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
  const res = {
    appendHeader(name: string, value: string) {
      if (name.toLowerCase() === 'set-cookie') cookies.push(value);
      return this;
    },
  } as unknown as ServerResponse;
  const ctx = createContextFactory(kaon.deps)({ req, res });
  return { api: createCallerFactory(appRouter)(ctx), cookies, ctx };
}

const sessionCookie = (setCookies: string[]) => setCookies.find((c) => c.startsWith('kaon_session='))!.split(';')[0]!;

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('context', () => {
  it('resolves a session from the cookie a mutation set', async () => {
    const first = caller();
    expect(first.ctx.auth.kind).toBe('none');
    const { space } = await first.api.setup.create({ name: 'Olivia Owner', email: 'owner@example.com', password: PASSWORD, spaceName: 'Acme' });
    expect(first.cookies).toHaveLength(1);
    expect(first.cookies[0]).toMatch(/^kaon_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=60$/);

    const next = caller({ cookie: `theme=dark; ${sessionCookie(first.cookies)}; other=1` });
    expect(next.ctx.auth.kind).toBe('session');
    expect(await next.api.auth.whoami()).toMatchObject({ user: { email: 'owner@example.com' }, via: 'session' });
    expect((await next.api.members.list({ spaceId: space.id })).map((m) => m.role)).toEqual(['owner']);

    // The clock given to createKaon decides expiry.
    t += 60_000;
    expect(await code(caller({ cookie: sessionCookie(first.cookies) }).api.auth.whoami())).toBe('UNAUTHORIZED');
  });

  it('resolves an API token from the Authorization header, bound to its space', async () => {
    const first = caller();
    const { space } = await first.api.setup.create({ name: 'Olivia Owner', email: 'owner@example.com', password: PASSWORD, spaceName: 'Acme' });
    const owner = caller({ cookie: sessionCookie(first.cookies) }).api;
    const other = await owner.spaces.create({ name: 'Other' });
    const { token } = await owner.apiTokens.create({ spaceId: space.id, name: 'script' });

    const script = caller({ authorization: `Bearer ${token}` });
    expect(script.ctx.auth).toMatchObject({ kind: 'token', spaceId: space.id });
    expect(await script.api.auth.whoami()).toMatchObject({ via: 'token' });
    expect(await code(script.api.members.list({ spaceId: other.id }))).toBe('NOT_FOUND');
    expect(await code(script.api.spaces.create({ name: 'Nope' }))).toBe('FORBIDDEN');

    // A Bearer header wins over a cookie: a bad token is refused even with a good session.
    const mixed = caller({ authorization: 'Bearer kaon_nope', cookie: sessionCookie(first.cookies) });
    expect(mixed.ctx.auth.kind).toBe('badToken');
    expect(await code(mixed.api.members.list({ spaceId: space.id }))).toBe('UNAUTHORIZED');
  });

  it('counts failed sign-ins per socket address', async () => {
    await caller().api.setup.create({ name: 'Olivia Owner', email: 'owner@example.com', password: PASSWORD, spaceName: 'Acme' });
    for (const email of ['a@example.com', 'b@example.com']) {
      expect(await code(caller({}, '203.0.113.9').api.auth.login({ email, password: PASSWORD }))).toBe('UNAUTHORIZED');
    }
    expect(await code(caller({}, '203.0.113.9').api.auth.login({ email: 'owner@example.com', password: PASSWORD }))).toBe('TOO_MANY_REQUESTS');
    // Another address is not locked out.
    const other = caller({}, '203.0.113.10');
    expect((await other.api.auth.login({ email: 'owner@example.com', password: PASSWORD })).user.email).toBe('owner@example.com');
    expect(other.cookies).toHaveLength(1);
  });
});
