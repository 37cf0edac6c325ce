import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('gives 16 URL-safe characters, no dots, never the same twice across pool refills', () => {
    const ids = Array.from({ length: 5_000 }, newId); // about 15 refills of the random pool
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Every character position varies (not a counter or a fixed prefix).
    for (let i = 0; i < 16; i++) expect(new Set(ids.map((id) => id[i])).size).toBeGreaterThan(32);
  });
});
