import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/** Start-up refuses to run on a database it cannot trust; the message says what to do. */
export class SchemaError extends Error {
  override name = 'SchemaError';
}

export function dbPath(dataDir: string): string {
  return join(dataDir, 'kaon.db');
}

/** Opens (creating if needed) the SQLite file in `dataDir`, in WAL mode, and migrates it. */
export function openDb(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  mkdirSync(dataDir, { recursive: true });
  const file = dbPath(dataDir);
  let db: Db | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
  } catch (err) {
    db?.close();
    throw new SchemaError(`${file} is not a Kaon database (${(err as Error).message}). Move it away or set DATA_DIR to another folder.`);
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, migrations, file);
  } catch (err) {
    db.close();
    throw err;
  }
  cacheStatements(db);
  return db;
}

/** More distinct SQL texts than the code has (search builds a few per query shape); beyond it, statements are not kept. */
const MAX_CACHED_STATEMENTS = 1_000;

/**
 * `db.prepare(sql)` hands back one compiled statement per SQL text instead of compiling it on every
 * call: the db modules write their SQL inline where it is used, and compiling was about 15 % of the
 * server's CPU on the hot paths (an inbound message runs dozens of statements). Safe because
 * production code never changes a statement's mode (pluck/raw/expand) and never iterates one
 * while running it again.
 */
export function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepare(sql);
      if (cache.size < MAX_CACHED_STATEMENTS) cache.set(sql, stmt);
    }
    return stmt;
  }) as Db['prepare'];
}

/** Applies pending migrations, each in its own transaction together with its version bump. */
export function migrate(db: Db, migrations: readonly Migration[], file = 'the database'): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new SchemaError(
      `${file} has schema version ${current}, but this Kaon only knows up to ${latest}. It was written by a newer Kaon: upgrade Kaon, or set DATA_DIR to another folder.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    const apply = db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      apply();
    } catch (err) {
      throw new SchemaError(`Migration ${m.version} (${m.name}) failed on ${file}: ${(err as Error).message}. Nothing was changed by it.`);
    }
  }
}
