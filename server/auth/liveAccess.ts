import type { Db } from '../db/connection';
import { apiTokens } from '../db/apiTokens';
import { sessions } from '../db/sessions';
import { memberships } from '../db/spaces';
import type { EventBus } from '../events';
import type { Auth } from './requestAuth';

/** How a long-lived connection was authenticated, and for which space: what is re-checked. */
export interface Grant {
  userId: string;
  spaceId: string;
  credential: { kind: 'session'; hash: string } | { kind: 'token'; tokenId: string };
}

export type Revocation = 'unauthorized' | 'forbidden';

/** How often connections whose session has run out are looked for (the clock is injectable). */
export const EXPIRY_CHECK_MS = 1000;

/** The grant of a request's auth in `spaceId` (null for no usable credential). */
export function grantOf(auth: Auth, spaceId: string): Grant | null {
  if (auth.kind === 'session') return { userId: auth.user.id, spaceId, credential: { kind: 'session', hash: auth.sessionHash } };
  if (auth.kind === 'token') return { userId: auth.user.id, spaceId, credential: { kind: 'token', tokenId: auth.tokenId } };
  return null;
}

/**
 * Whether `grant` still holds now: its session exists and has not expired (or its token is not
 * revoked), and the user is still a member of the space. Returns when the session runs out.
 */
export function checkGrant(db: Db, now: number, grant: Grant): { ok: true; expiresAt: number } | { ok: false; why: Revocation } {
  let expiresAt = Infinity;
  if (grant.credential.kind === 'session') {
    const row = sessions.byHash(db, grant.credential.hash);
    if (!row || row.user_id !== grant.userId || row.expires_at <= now) return { ok: false, why: 'unauthorized' };
    expiresAt = row.expires_at;
  } else {
    const row = apiTokens.inSpace(db, grant.spaceId, grant.credential.tokenId);
    if (!row || row.revoked_at !== null || row.user_id !== grant.userId) return { ok: false, why: 'unauthorized' };
  }
  if (!memberships.roleOf(db, grant.spaceId, grant.userId)) return { ok: false, why: 'forbidden' };
  return { ok: true, expiresAt };
}

/**
 * Keeps checking `grant` for a connection that outlives its request: again on every
 * `access.changed` of its user (removal, role change, sign-out, token revocation), and when its
 * session's expiry passes (looked at every second). Calls `onRevoked` once, then stops; a check
 * that throws counts as revoked (fail closed). Returns the function that stops watching.
 */
export function watchAccess(deps: { db: Db; now: () => number; events: Pick<EventBus, 'onAccess'> }, grant: Grant, onRevoked: (why: Revocation) => void): () => void {
  let expiresAt = -Infinity; // checked at once on the first tick
  let stopped = false;
  const check = () => {
    if (stopped) return;
    let verdict: ReturnType<typeof checkGrant>;
    try {
      verdict = checkGrant(deps.db, deps.now(), grant);
    } catch (err) {
      console.error('[auth] could not re-check a connection; closing it:', err);
      verdict = { ok: false, why: 'unauthorized' };
    }
    if (verdict.ok) expiresAt = verdict.expiresAt;
    else {
      stop();
      onRevoked(verdict.why);
    }
  };
  const off = deps.events.onAccess((change) => {
    if (change.userId === grant.userId) check();
  });
  const timer = setInterval(() => {
    if (deps.now() >= expiresAt) check();
  }, EXPIRY_CHECK_MS);
  timer.unref();
  function stop() {
    stopped = true;
    off();
    clearInterval(timer);
  }
  check();
  return stop;
}
