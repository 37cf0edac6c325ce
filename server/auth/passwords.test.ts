import { describe, expect, it } from 'vitest';
import { dummyHash, hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('verify the password they were hashed from, and no other', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salt every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it('treat Unicode forms alike (NFKC)', async () => {
    const stored = await hashPassword('café au lait!');
    expect(await verifyPassword('cafe\u0301 au lait!', stored)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'bcrypt$2b$10$abcdefghijklmnopqrstuv'],
    ['missing parts', 'scrypt$32768$8$1$c2FsdA'],
    ['plain text', 'correct horse battery'],
    ['a truncated key', 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
  ])('say false for a malformed stored hash (%s)', async (_label, stored) => {
    expect(await verifyPassword('correct horse battery', stored)).toBe(false);
  });

  it.each([
    ['N not a power of two', 1, '3'],
    ['N not a number', 1, 'many'],
    ['N over the memory limit', 1, String(2 ** 24)],
  ])('say false, not throw, for unusable scrypt parameters (%s)', async (_label, index, value) => {
    const parts = (await hashPassword('correct horse battery')).split('$');
    parts[index] = value;
    await expect(verifyPassword('correct horse battery', parts.join('$'))).resolves.toBe(false);
  });

  it('have a dummy hash that matches nothing a user types', async () => {
    const dummy = await dummyHash();
    expect(await dummyHash()).toBe(dummy);
    expect(await verifyPassword('correct horse battery', dummy)).toBe(false);
  });
});
