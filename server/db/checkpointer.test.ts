import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpointer, type Checkpointer } from './checkpointer';
import { dbPath, openDb, type Db } from './connection';

const dirs: string[] = [];
const open: { db: Db; cp: Checkpointer }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.cp.stop();
    if (o.db.open) o.db.close();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(options: Parameters<typeof createCheckpointer>[2] = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kaon-ckpt-'));
  dirs.push(dir);
  const db = openDb(dir);
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
  const file = dbPath(dir);
  const cp = createCheckpointer(db, file, { startBytes: 256 * 1024, intervalMs: 10, watchMs: 10, backstopPages: 100_000, ...options });
  open.push({ db, cp });
  return { db, cp, file };
}

/** `n` rows of 4 KB, committed in transactions of 10 (each adds WAL frames). */
function write(db: Db, n: number, from = 0) {
  const insert = db.prepare('INSERT INTO blobs (id, data) VALUES (?, randomblob(4000))');
  for (let i = 0; i < n; i += 10) db.transaction(() => {
    for (let j = i; j < Math.min(n, i + 10); j++) insert.run(from + j);
  })();
}

const until = async (ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('background WAL checkpoints', () => {
  it('leaves a small WAL to SQLite and starts no worker', async () => {
    const { db, cp } = setup({ startBytes: 64 * 1024 * 1024 });
    write(db, 100);
    await new Promise((r) => setTimeout(r, 100));
    expect(cp.running).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('copies the WAL into the database file off the main thread, which then only keeps a backstop', async () => {
    const { db, cp, file } = setup();
    const before = statSync(file).size;
    write(db, 200); // about 800 KB of WAL
    await until(() => cp.running);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(100_000);
    // The main connection never reached its backstop: the worker wrote the pages into the file.
    await until(() => cp.checkpoints > 0 && statSync(file).size >= before + 200 * 4000);
    expect(cp.failed).toBe(false);
  });

  it('keeps the WAL bounded while writes go on: it restarts from its beginning once checkpointed', async () => {
    const { db, cp, file } = setup();
    write(db, 200);
    await until(() => cp.running);
    for (let round = 1; round <= 5; round++) {
      write(db, 200, round * 1000);
      await new Promise((r) => setTimeout(r, 50));
    }
    // 1,200 rows of 4 KB went through the WAL; with checkpoints between rounds it is reused, not grown.
    await new Promise((r) => setTimeout(r, 100));
    write(db, 10, 10_000);
    const walBytes = statSync(`${file}-wal`).size;
    expect(walBytes).toBeLessThan(1200 * 4096);
    expect((db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(1210);
  });

  it('stops with the server: the worker ends and the last connection removes the WAL', async () => {
    const { db, cp, file } = setup();
    write(db, 200);
    await until(() => cp.running);
    await cp.stop();
    expect(cp.running).toBe(false);
    // Back to SQLite's own checkpoint for any writes after the stop.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new Database(file, { readonly: true });
    expect((reopened.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(200);
    reopened.close();
  });

  it('falls back to SQLite checkpoints when the worker cannot work (the file is gone)', async () => {
    const { db, cp, file } = setup();
    rmSync(file); // the worker opens with fileMustExist: it fails at once
    write(db, 200);
    await until(() => cp.failed && !cp.running);
    expect(cp.checkpoints).toBe(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // Writes go on, now checkpointed by SQLite on commit.
    write(db, 10, 5000);
    expect((db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(210);
  });
});
