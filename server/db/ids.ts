import { randomBytes } from 'node:crypto';

/** A new random id: 16 URL-safe characters, no dots (doc names use dots as separators). */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}
