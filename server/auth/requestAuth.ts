import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/connection';
import { apiTokens } from '../db/apiTokens';
import { sessions } from '../db/sessions';
import { users, type UserRow } from '../db/users';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from './tokens';

export const SESSION_COOKIE = 'kaon_session';

export type AuthUser = Pick<UserRow, 'id' | 'email' | 'name'>;

/** Who is calling: a browser session, an API token bound to one space, a bad token, or nobody. */
export type Auth =
  | { kind: 'session'; user: AuthUser; sessionHash: string }
  | { kind: 'token'; user: AuthUser; spaceId: string; tokenId: string }
  | { kind: 'badToken' }
  | { kind: 'none' };

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    if (key) out.set(key, part.slice(eq + 1).trim());
  }
  return out;
}

const publicUser = (u: UserRow): AuthUser => ({ id: u.id, email: u.email, name: u.name });

export function resolveSession(db: Db, cookieHeader: string | undefined, now: number): Auth {
  const token = parseCookies(cookieHeader).get(SESSION_COOKIE);
  if (!token || token.length > 128) return { kind: 'none' };
  const hash = hashSecret(token);
  const row = sessions.byHash(db, hash);
  if (!row) return { kind: 'none' };
  if (row.expires_at <= now) {
    sessions.delete(db, hash);
    return { kind: 'none' };
  }
  const user = users.byId(db, row.user_id);
  return user ? { kind: 'session', user: publicUser(user), sessionHash: hash } : { kind: 'none' };
}

export function resolveBearer(db: Db, header: string, now: number): Auth {
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const token = match?.[1];
  if (!token || !token.startsWith(API_TOKEN_PREFIX) || token.length > 128) return { kind: 'badToken' };
  const row = apiTokens.byHash(db, hashSecret(token));
  if (!row || row.revoked_at !== null) return { kind: 'badToken' };
  const user = users.byId(db, row.user_id);
  if (!user) return { kind: 'badToken' };
  apiTokens.touch(db, row.id, now);
  return { kind: 'token', user: publicUser(user), spaceId: row.space_id, tokenId: row.id };
}

/** Creates a session row and returns its secret (only the hash is stored). */
export function startSession(db: Db, userId: string, now: number, ttlMs: number): { token: string; expiresAt: number } {
  const token = newSecret();
  const expiresAt = now + ttlMs;
  sessions.insert(db, { token_hash: hashSecret(token), user_id: userId, created_at: now, expires_at: expiresAt });
  return { token, expiresAt };
}

function isHttps(req: IncomingMessage): boolean {
  return 'encrypted' in req.socket && Boolean((req.socket as { encrypted?: boolean }).encrypted);
}

export function setSessionCookie(req: IncomingMessage, res: ServerResponse, token: string, maxAgeMs: number, secure: boolean): void {
  const attrs = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (secure || isHttps(req)) attrs.push('Secure');
  res.appendHeader('Set-Cookie', attrs.join('; '));
}

export function clearSessionCookie(res: ServerResponse): void {
  res.appendHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
}
