import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../config';
import { createKaon } from '../http';
import { tempDir } from '../testing/harness';
import { dbPath, openDb, SchemaError } from './connection';
import { MIGRATIONS, type Migration } from './migrations';

let dir: string;
let remove: () => void;
beforeEach(() => {
  ({ dir, remove } = tempDir('kaon-db-'));
});
afterEach(() => remove());

const latest = MIGRATIONS.at(-1)!.version;

/** Looks at the file with a plain connection, as an operator would with the sqlite3 shell. */
function inspect<T>(look: (db: Database.Database) => T): T {
  const db = new Database(dbPath(dir), { readonly: true });
  try {
    return look(db);
  } finally {
    db.close();
  }
}
const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);

describe('migrations', () => {
  // Versions are reserved per branch, so a gap is allowed while a branch is unmerged; the order is not.
  it('are numbered in increasing order (append only)', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual([...new Set(MIGRATIONS.map((m) => m.version))].sort((x, y) => x - y));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('create the schema in a new file, at the latest version, in WAL mode with foreign keys', () => {
    const db = openDb(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latest);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(tables(db)).toEqual(expect.arrayContaining(['users', 'sessions', 'spaces', 'memberships', 'invites', 'api_tokens', 'ydoc_updates']));
      expect(() => db.prepare("INSERT INTO memberships (space_id, user_id, role, created_at) VALUES ('nope', 'nobody', 'agent', 0)").run()).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
    expect(existsSync(dbPath(dir))).toBe(true);
  });

  it('reopen an up-to-date file without touching its data', () => {
    const first = openDb(dir);
    first.prepare("INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('u1', 'a@example.com', 'A', 'x', 1)").run();
    first.close();
    const again = openDb(dir);
    try {
      expect(again.pragma('user_version', { simple: true })).toBe(latest);
      expect(again.prepare('SELECT email FROM users').all()).toEqual([{ email: 'a@example.com' }]);
    } finally {
      again.close();
    }
  });

  it('apply only the missing ones to an older file', () => {
    openDb(dir, MIGRATIONS.slice(0, 1)).close();
    expect(inspect((db) => db.pragma('user_version', { simple: true }))).toBe(1);
    expect(inspect(tables)).not.toContain('ydoc_updates');
    openDb(dir).close();
    expect(inspect((db) => db.pragma('user_version', { simple: true }))).toBe(latest);
    expect(inspect(tables)).toContain('ydoc_updates');
  });

  it('a failing migration leaves the file at the previous version with nothing half-applied', () => {
    const broken: Migration[] = [
      MIGRATIONS[0]!,
      { version: 2, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); ALTER TABLE users ADD COLUMN extra TEXT; CREATE TABLE oops (' },
    ];
    let error: unknown;
    try {
      openDb(dir, broken);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as Error).message).toMatch(/^Migration 2 \(broken\) failed on .*kaon\.db: .*Nothing was changed by it\.$/);

    expect(inspect((db) => db.pragma('user_version', { simple: true }))).toBe(1);
    expect(inspect(tables)).not.toContain('half_done');
    expect(inspect((db) => (db.prepare('PRAGMA table_info(users)').all() as Array<{ name: string }>).map((c) => c.name))).not.toContain('extra');

    // Fixed in the next release: the real migrations apply cleanly from version 1.
    openDb(dir).close();
    expect(inspect((db) => db.pragma('user_version', { simple: true }))).toBe(latest);
  });
});

describe('files Kaon cannot trust', () => {
  it('refuses a schema newer than this Kaon knows, with a clear message, and leaves the file as it was', () => {
    openDb(dir).close();
    const raw = new Database(dbPath(dir));
    raw.pragma(`user_version = ${latest + 5}`);
    raw.close();
    const bytes = readFileSync(dbPath(dir));

    expect(() => openDb(dir)).toThrow(SchemaError);
    expect(() => openDb(dir)).toThrow(
      new RegExp(`has schema version ${latest + 5}, but this Kaon only knows up to ${latest}\\. It was written by a newer Kaon: upgrade Kaon, or set DATA_DIR`),
    );
    expect(readFileSync(dbPath(dir)).equals(bytes)).toBe(true);
    expect(inspect((db) => db.pragma('user_version', { simple: true }))).toBe(latest + 5);

    // The server refuses to start on it too (server/main.ts prints the message and exits).
    expect(() => createKaon({ ...configFromEnv({}), dataDir: dir, clientDir: dir })).toThrow(SchemaError);
  });

  it.each([
    ['text', 'this is not a database, it is a shopping list\n'.repeat(100)],
    ['a few bytes', 'oops'],
    ['random binary', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251))],
  ])('refuses a kaon.db that is %s, and leaves it as it was', (_label, content) => {
    writeFileSync(dbPath(dir), content);
    const before = readFileSync(dbPath(dir));
    let error: unknown;
    try {
      openDb(dir).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as Error).message).toMatch(/kaon\.db is not a Kaon database \(.+\)\. Move it away or set DATA_DIR to another folder\./);
    expect(readFileSync(dbPath(dir)).equals(before)).toBe(true);
  });
});
