import { createHash, randomBytes } from 'node:crypto';

/** A secret for sessions, invites and API tokens: 32 random bytes, URL-safe. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Secrets are stored only as their SHA-256: a leaked database reveals no usable token. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export const API_TOKEN_PREFIX = 'kaon_';
