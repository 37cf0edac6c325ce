/**
 * The link an e-mail customer rates a closed conversation with: `<conversationId>.<exp>.<sig>`,
 * HMAC-SHA256 over the conversation id and the expiry with a key kept in SQLite
 * (server_secrets, never sent to a client). It names one conversation, needs no login and
 * expires with the rating window.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import { serverSecrets } from '../db/serverSecrets';

export type RatingTokenCheck = { ok: true; conversationId: string } | { ok: false; why: 'invalid' | 'expired' };

const keyOf = (db: Db, now: number) => Buffer.from(serverSecrets.getOrCreate(db, 'rating-links', () => randomBytes(32).toString('base64url'), now), 'base64url');
const mac = (key: Buffer, conversationId: string, exp: number) => createHmac('sha256', key).update(`rating-link\n${conversationId}\n${exp}`).digest();

/** A token for this conversation, valid until `expiresAt` (ms). */
export function signRatingToken(db: Db, conversationId: string, expiresAt: number, now: number): string {
  const exp = Math.floor(expiresAt / 1000);
  return `${conversationId}.${exp}.${mac(keyOf(db, now), conversationId, exp).toString('base64url')}`;
}

/** Whether the token is one Kaon signed, and still valid at `now`. */
export function checkRatingToken(db: Db, token: string, now: number): RatingTokenCheck {
  const m = /^([A-Za-z0-9_-]{8,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, why: 'invalid' };
  const [, conversationId, exp, sig] = m as unknown as [string, string, string, string];
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(keyOf(db, now), conversationId, Number(exp));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'invalid' };
  if (Number(exp) * 1000 <= now) return { ok: false, why: 'expired' };
  return { ok: true, conversationId };
}
