import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from './connection';
import { DELIVERY_LOG_SIZE, deliveries, webhooks } from './webhooks';

const dir = mkdtempSync(join(tmpdir(), 'kaon-webhooks-'));
const db = openDb(dir);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the delivery log stays bounded', () => {
  it('keeps the newest finished deliveries per webhook and every pending one', () => {
    db.prepare("INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('u1', 'u@example.com', 'U', 'x', 0)").run();
    db.prepare("INSERT INTO spaces (id, name, created_at) VALUES ('s1', 'S', 0)").run();
    for (const id of ['w1', 'w2']) webhooks.insert(db, { id, space_id: 's1', url: 'https://example.com', description: '', events: '[]', secret: 'k', created_by: 'u1', created_at: 0, updated_at: 0 });
    const add = (webhookId: string, i: number, state: 'pending' | 'delivered') =>
      deliveries.insert(db, { id: `${webhookId}-${i}`, webhook_id: webhookId, space_id: 's1', event_id: `e${i}`, event_type: 'message.sent', payload: '{}', created_at: i, state });
    add('w1', 0, 'pending');
    for (let i = 1; i <= DELIVERY_LOG_SIZE + 50; i++) add('w1', i, 'delivered');
    for (let i = 1; i <= 10; i++) add('w2', i, 'delivered');
    deliveries.prune(db, 'w1');
    deliveries.prune(db, 'w2');
    const finished = (w: string) => (db.prepare("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ? AND state != 'pending'").get(w) as { n: number }).n;
    expect(finished('w1')).toBe(DELIVERY_LOG_SIZE);
    expect(finished('w2')).toBe(10);
    expect(deliveries.pendingCount(db, 'w1')).toBe(1);
    // The newest stayed.
    expect(deliveries.log(db, 'w1', 1)[0]!.id).toBe(`w1-${DELIVERY_LOG_SIZE + 50}`);
    expect(deliveries.log(db, 'w1', 200).at(-1)!.id).toBe('w1-0');
  });
});
