import { randomFillSync } from 'node:crypto';

// Ids come from a pool of random bytes refilled 4 KB at a time: one call into the CSPRNG per 341
// ids instead of one per id (a message stores several), the same bytes otherwise.
const POOL = Buffer.alloc(4092);
let offset = POOL.length;

/** A new random id: 16 URL-safe characters, no dots (doc names use dots as separators). */
export function newId(): string {
  if (offset + 12 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const id = POOL.toString('base64url', offset, offset + 12);
  offset += 12;
  return id;
}
