import type { FailureLimiter } from '../auth/rateLimit';
import { dummyHash, hashPassword, verifyPassword } from '../auth/passwords';
import { startSession } from '../auth/requestAuth';
import { users } from '../db/users';
import { errors } from '../errors';
import { Busy, type Semaphore } from '../limits/semaphore';
import type { CommandDeps } from './commandDeps';

export interface LoginLimits {
  login: { pair: FailureLimiter; ip: FailureLimiter; account: FailureLimiter };
  hashing: Semaphore;
}

export interface LoginDeps extends CommandDeps {
  sessionTtlMs: number;
  limits: LoginLimits;
  config: { loginSlowdownMs: number };
}

const MAX_SLOWDOWN_MS = 8_000;

/**
 * Checks a password against an account (constant time, also for unknown e-mails) under the
 * sign-in limits, for login and for an existing account accepting an invite:
 * - the attempt is counted before the password is checked (synchronously, so a batch or parallel
 *   requests cannot all pass the check first) and given back only when the password is right;
 * - the hard limits are per account *and* client, and per client: an attacker elsewhere cannot
 *   lock the real user out;
 * - failures on the account from anywhere past the limit slow every attempt on it down
 *   (doubling, up to 8 s), so guessing from many addresses is slow too;
 * - scrypt runs under the server's concurrency bound; past its queue the answer is 429.
 */
export async function checkPassword(deps: LoginDeps, input: { email: string; password: string; ip: string }) {
  const now = deps.now();
  const { pair, ip, account } = deps.limits.login;
  const pairKey = `${input.email}|${input.ip}`;
  const wait = Math.max(pair.retryAfter(pairKey, now), ip.retryAfter(input.ip, now));
  if (wait > 0) throw errors.tooManyAttempts(wait);
  const excess = account.used(input.email, now) - account.max;
  pair.fail(pairKey, now);
  ip.fail(input.ip, now);
  account.fail(input.email, now);
  const forgive = () => {
    pair.reset(pairKey);
    ip.refund(input.ip);
    account.refund(input.email);
  };
  let ok = false;
  let user: ReturnType<typeof users.byEmail>;
  try {
    if (excess >= 0) await sleep(Math.min(MAX_SLOWDOWN_MS, deps.config.loginSlowdownMs * 2 ** Math.min(excess, 10)));
    user = users.byEmail(deps.db, input.email);
    const stored = user?.password_hash ?? (await dummyHash());
    ok = await deps.limits.hashing.run(() => verifyPassword(input.password, stored));
  } catch (err) {
    // Not checked (busy): this attempt was no guess, so it does not count.
    forgive();
    if (err instanceof Busy) throw errors.signInBusy();
    throw err;
  }
  if (!user || !ok) throw errors.badCredentials();
  // The owner of the account proved it: its failures (and slow-down) are forgotten.
  pair.reset(pairKey);
  ip.refund(input.ip);
  account.reset(input.email);
  return user;
}

/** Signs in: the password check above, then a new session. */
export async function login(deps: LoginDeps, input: { email: string; password: string; ip: string }) {
  const user = await checkPassword(deps, input);
  const session = startSession(deps.db, user.id, deps.now(), deps.sessionTtlMs);
  return { user: { id: user.id, name: user.name, email: user.email }, session };
}

/** A new password's hash, under the server's hashing bound (a busy server says so in words). */
export async function hashUnderLimit(deps: { limits: LoginLimits }, password: string): Promise<string> {
  try {
    return await deps.limits.hashing.run(() => hashPassword(password));
  } catch (err) {
    if (err instanceof Busy) throw errors.signInBusy();
    throw err;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
