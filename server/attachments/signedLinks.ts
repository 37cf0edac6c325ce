/**
 * Signed, expiring links to one file (`/files/<id>?exp=<unix seconds>&sig=<hmac>`), for providers
 * that fetch a reply's file from Kaon (WhatsApp's `{ link }` media). The signature is
 * HMAC-SHA256 over the file id and the expiry with a key kept in SQLite (server_secrets), never
 * sent to a client. A link opens that one file, without cookies, until it expires.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import { serverSecrets } from '../db/serverSecrets';

/** How long a link works: long enough for the provider to fetch it, short enough not to matter if it leaks. */
export const FILE_LINK_TTL_MS = 60 * 60_000;

export type LinkCheck = 'ok' | 'invalid' | 'expired';

export interface FileLinks {
  /** The path and query of a link to `fileId` that expires `ttlMs` from now. */
  sign(fileId: string, ttlMs?: number): string;
  /** Whether `exp` and `sig` (from the query) open `fileId` now. */
  check(fileId: string, exp: string | null, sig: string | null): LinkCheck;
}

export function createFileLinks(db: Db, now: () => number): FileLinks {
  let key: Buffer | undefined;
  const keyOf = () => (key ??= Buffer.from(serverSecrets.getOrCreate(db, 'file-links', () => randomBytes(32).toString('base64url'), now()), 'base64url'));
  const mac = (fileId: string, exp: number) => createHmac('sha256', keyOf()).update(`file-link\n${fileId}\n${exp}`).digest();

  return {
    sign(fileId, ttlMs = FILE_LINK_TTL_MS) {
      const exp = Math.floor((now() + ttlMs) / 1000);
      return `/files/${encodeURIComponent(fileId)}?exp=${exp}&sig=${mac(fileId, exp).toString('base64url')}`;
    },
    check(fileId, exp, sig) {
      if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'invalid';
      const given = Buffer.from(sig, 'base64url');
      const expected = mac(fileId, Number(exp));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
      return Number(exp) * 1000 > now() ? 'ok' : 'expired';
    },
  };
}
