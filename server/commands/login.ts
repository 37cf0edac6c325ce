import type { FailureLimiter } from '../auth/rateLimit';
import { dummyHash, verifyPassword } from '../auth/passwords';
import { startSession } from '../auth/sessions';
import { users } from '../db/users';
import { errors } from '../errors';
import type { CommandDeps } from './types';

export interface LoginDeps extends CommandDeps {
  sessionTtlMs: number;
  limiter: { email: FailureLimiter; ip: FailureLimiter };
}

/**
 * Checks the password (constant time, also for unknown e-mails) and starts a session.
 * Failures count per e-mail and per IP; past the limit the caller waits, whatever the password.
 */
export async function login(deps: LoginDeps, input: { email: string; password: string; ip: string }) {
  const now = deps.now();
  const emailKey = `email:${input.email}`;
  const ipKey = `ip:${input.ip}`;
  const wait = Math.max(deps.limiter.email.retryAfter(emailKey, now), deps.limiter.ip.retryAfter(ipKey, now));
  if (wait > 0) throw errors.tooManyAttempts(wait);
  const user = users.byEmail(deps.db, input.email);
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash()));
  if (!user || !ok) {
    deps.limiter.email.fail(emailKey, now);
    deps.limiter.ip.fail(ipKey, now);
    throw errors.badCredentials();
  }
  deps.limiter.email.reset(emailKey);
  const session = startSession(deps.db, user.id, deps.now(), deps.sessionTtlMs);
  return { user: { id: user.id, name: user.name, email: user.email }, session };
}
