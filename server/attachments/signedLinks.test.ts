import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../config';
import { openDb } from '../db/connection';
import { tempDir } from '../testing/harness';
import { createFileLinks, FILE_LINK_TTL_MS } from './signedLinks';

// Signed file links on a real SQLite: the key is made once, kept across restarts, never guessable.
const temp = tempDir();
afterAll(() => temp.remove());
let t = Date.UTC(2030, 0, 1);
const now = () => t;

const parts = (link: string) => {
  const u = new URL(link, 'http://kaon.test');
  return { id: u.pathname.split('/')[2]!, exp: u.searchParams.get('exp'), sig: u.searchParams.get('sig') };
};

describe('signed file links', () => {
  it('a link opens its own file until it expires, and keeps working after a restart (the key is stored)', () => {
    const db = openDb(temp.dir);
    const links = createFileLinks(db, now);
    const link = links.sign('file_AAAAAAAA');
    const p = parts(link);
    expect(p.id).toBe('file_AAAAAAAA');
    expect(links.check(p.id, p.exp, p.sig)).toBe('ok');
    expect(links.check('file_BBBBBBBB', p.exp, p.sig)).toBe('invalid');
    db.close();

    const again = openDb(temp.dir);
    const reopened = createFileLinks(again, now);
    expect(reopened.check(p.id, p.exp, p.sig)).toBe('ok');
    t += FILE_LINK_TTL_MS - 1000;
    expect(reopened.check(p.id, p.exp, p.sig)).toBe('ok');
    t += 2000;
    expect(reopened.check(p.id, p.exp, p.sig)).toBe('expired');
    expect((again.prepare('SELECT count(*) AS n FROM server_secrets').get() as { n: number }).n).toBe(1);
    again.close();
  });

  it.each([
    ['no expiry', null, 'x'.repeat(43)],
    ['no signature', '1893456000', null],
    ['an expiry that is not a number', '1e10', 'x'.repeat(43)],
    ['a negative expiry', '-1', 'x'.repeat(43)],
    ['a short signature', '1893456000', 'abc'],
    ['a long signature', '1893456000', 'x'.repeat(44)],
    ['a signature with other characters', '1893456000', '+'.repeat(43)],
    ['a well-formed but wrong signature', '1893456000', 'A'.repeat(43)],
  ])('%s is invalid', (_what, exp, sig) => {
    const db = openDb(temp.dir);
    expect(createFileLinks(db, now).check('file_AAAAAAAA', exp, sig)).toBe('invalid');
    db.close();
  });
});

describe('PUBLIC_URL', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['https://kaon.example.com/', 'https://kaon.example.com'],
    ['http://localhost:3000', 'http://localhost:3000'],
  ])('%s gives publicUrl %s', (value, expected) => {
    expect(configFromEnv({ PUBLIC_URL: value }).publicUrl).toBe(expected);
  });

  it.each(['kaon.example.com', 'ftp://kaon.example.com'])('"%s" stops the start with a clear message', (value) => {
    expect(() => configFromEnv({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL must/);
  });
});
