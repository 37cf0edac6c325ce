import type { Db } from './connection';

export const serverSecrets = {
  /** The secret called `name`, created with `make()` the first time (one writer wins; every caller gets the stored one). */
  getOrCreate: (db: Db, name: string, make: () => string, now: number): string =>
    db.transaction(() => {
      db.prepare('INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)').run(name, make(), now);
      return (db.prepare('SELECT value FROM server_secrets WHERE name = ?').get(name) as { value: string }).value;
    })(),
};
