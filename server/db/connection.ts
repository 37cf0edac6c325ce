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
  return db;
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
