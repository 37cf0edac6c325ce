/**
 * Test harness: a real Kaon (real SQLite file in a fresh temp dir, real HTTP server on port 0)
 * and "browsers" that call tRPC over HTTP with their own cookie jar, like the client does.
 * Only tests import this file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { configFromEnv, type Config } from '../config';
import { createKaon, type Kaon } from '../http';
import type { AppRouter } from '../routers/root';

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;
type Router = keyof Inputs & string;
/** Every procedure path, e.g. `members.setRole`. */
export type ProcedurePath = { [R in Router]: `${R}.${keyof Inputs[R] & string}` }[Router];
type Split<P extends ProcedurePath> = P extends `${infer R extends Router}.${infer K}` ? [R, K & keyof Inputs[R]] : never;
export type InputOf<P extends ProcedurePath> = Inputs[Split<P>[0]][Split<P>[1]];
export type OutputOf<P extends ProcedurePath> = Outputs[Split<P>[0]][Split<P>[1]];

/** A tRPC error as it arrives over HTTP (errorFormatter in server/trpc/init.ts shapes it). */
export interface WireError {
  code: string;
  httpStatus: number;
  message: string;
  fields?: Record<string, string[]>;
}

export type CallResult<T> =
  | { ok: true; status: number; data: T; setCookies: string[] }
  | { ok: false; status: number; error: WireError; setCookies: string[] };

export interface Clock {
  now: () => number;
  advance(ms: number): void;
}

/** Tables of the foundation schema, for counting rows before and after a call. */
export type Table = 'users' | 'sessions' | 'spaces' | 'memberships' | 'invites' | 'api_tokens';

export interface TestApp {
  kaon: Kaon;
  url: string;
  dir: string;
  config: Config;
  clock: Clock;
  /** A new browser with an empty cookie jar (or an API client when `bearer` is set). */
  browser(options?: { bearer?: string; headers?: Record<string, string> }): Browser;
  count(table: Table): number;
  counts(): Record<Table, number>;
  close(): Promise<void>;
}

export const PASSWORD = 'correct horse battery';

/** A temp dir that the returned function removes. */
export function tempDir(prefix = 'kaon-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a real Kaon on a free port, its data and its (unbuilt) client folder in a fresh temp dir. */
export async function startApp(overrides: Partial<Config> = {}, extras: Parameters<typeof createKaon>[2] = {}): Promise<TestApp> {
  const temp = tempDir();
  const clientDir = join(temp.dir, 'client');
  // The documented defaults (as with an empty environment), with everything on disk in the temp dir.
  const config: Config = { ...configFromEnv({}), port: 0, dataDir: join(temp.dir, 'data'), clientDir, secureCookies: false, ...overrides };
  let t = Date.UTC(2030, 0, 1);
  const clock: Clock = { now: () => t, advance: (ms) => void (t += ms) };
  let kaon: Kaon | undefined;
  let url: string;
  try {
    kaon = createKaon(config, clock.now, extras);
    url = await kaon.listen(0);
  } catch (err) {
    await kaon?.close();
    temp.remove();
    throw err;
  }
  const count = (table: Table) => (kaon.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const tables: Table[] = ['users', 'sessions', 'spaces', 'memberships', 'invites', 'api_tokens'];
  return {
    kaon,
    url,
    dir: temp.dir,
    config,
    clock,
    browser: (options) => new Browser(url, options),
    count,
    counts: () => Object.fromEntries(tables.map((name) => [name, count(name)])) as Record<Table, number>,
    close: async () => {
      await kaon.close();
      temp.remove();
    },
  };
}

/** One browser: a cookie jar, optional Bearer token, and tRPC calls over real HTTP. */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly url: string,
    private readonly options: { bearer?: string; headers?: Record<string, string> } = {},
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...this.options.headers, ...extra };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.options.bearer !== undefined) h.authorization = `Bearer ${this.options.bearer}`;
    return h;
  }

  /** Any request against the server, storing Set-Cookie like a browser would. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(this.url + path, { ...init, headers: this.headers(init.headers as Record<string, string>) });
    this.store(res.headers.getSetCookie());
    return res;
  }

  query<P extends ProcedurePath>(path: P, input?: InputOf<P>): Promise<CallResult<OutputOf<P>>> {
    const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return this.send(path, { method: 'GET' }, qs);
  }

  mutate<P extends ProcedurePath>(path: P, input?: InputOf<P>): Promise<CallResult<OutputOf<P>>> {
    return this.raw(path, input === undefined ? undefined : JSON.stringify(input));
  }

  /** A POST with any body, for inputs the types would refuse (bad input, non-JSON). */
  raw<T = unknown>(path: string, body: string | undefined): Promise<CallResult<T>> {
    return this.send(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } }, '');
  }

  private async send<T>(path: string, init: RequestInit, qs: string): Promise<CallResult<T>> {
    const res = await this.fetch(`/trpc/${path}${qs}`, init);
    const setCookies = res.headers.getSetCookie();
    const text = await res.text();
    let body: { result?: { data: T }; error?: { message: string; data: { code: string; httpStatus: number; fields?: Record<string, string[]> } } };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
    }
    if (body.error) {
      const { message, data } = body.error;
      return { ok: false, status: res.status, setCookies, error: { message, code: data.code, httpStatus: data.httpStatus, fields: data.fields } };
    }
    return { ok: true, status: res.status, data: body.result!.data, setCookies };
  }

  private store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** The data of a successful call; fails the test with the server's message otherwise. */
export function ok<T>(result: CallResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code} (${result.status}): ${result.error.message}`);
  return result.data;
}

/** The error of a failed call; fails the test when the call succeeded. */
export function failed(result: CallResult<unknown>): WireError & { status: number } {
  if (result.ok) throw new Error(`expected an error, got success: ${JSON.stringify(result.data)}`);
  return { ...result.error, status: result.status };
}

export interface Person {
  browser: Browser;
  user: { id: string; email: string; name: string };
}

/** Runs first-time setup: an owner signed in in their own browser, and the first space. */
export async function setupOwner(app: TestApp, who = { name: 'Olivia Owner', email: 'owner@example.com', spaceName: 'Acme Support' }) {
  const browser = app.browser();
  const { space } = ok(await browser.mutate('setup.create', { name: who.name, email: who.email, password: PASSWORD, spaceName: who.spaceName }));
  const me = ok(await browser.query('auth.whoami'));
  return { browser, user: me.user, space };
}

/**
 * Adds a member with `role` to `spaceId` through a real invite accepted in a fresh browser;
 * `inviter` must be allowed to invite with that role.
 */
export async function addMember(app: TestApp, inviter: Browser, spaceId: string, role: 'owner' | 'manager' | 'agent', who: { name: string; email: string }): Promise<Person> {
  const invite = ok(await inviter.mutate('invites.create', { spaceId, role }));
  const browser = app.browser();
  ok(await browser.mutate('invites.accept', { token: invite.token, account: { ...who, password: PASSWORD } }));
  const me = ok(await browser.query('auth.whoami'));
  return { browser, user: me.user };
}
