import type { Db } from './connection';

export interface WebhookRow {
  id: string;
  space_id: string;
  url: string;
  description: string;
  /** JSON array of event types. */
  events: string;
  /** The signing key: read by the sender only, never returned by a list. */
  secret: string;
  enabled: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface DeliveryRow {
  seq: number;
  id: string;
  webhook_id: string;
  space_id: string;
  event_id: string;
  event_type: string;
  /** The exact JSON body sent (and signed). */
  payload: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** Wall-clock ms; 0 = at once. */
  next_attempt_at: number;
  status_code: number | null;
  response_ms: number | null;
  last_error: string | null;
  test: number;
  created_at: number;
  finished_at: number | null;
}

/** Finished deliveries kept per webhook (the delivery log); older ones are deleted as new ones finish. */
export const DELIVERY_LOG_SIZE = 100;

export const webhooks = {
  insert: (db: Db, row: Omit<WebhookRow, 'enabled'>) =>
    db
      .prepare(
        `INSERT INTO webhooks (id, space_id, url, description, events, secret, created_by, created_at, updated_at)
         VALUES (@id, @space_id, @url, @description, @events, @secret, @created_by, @created_at, @updated_at)`,
      )
      .run(row),
  inSpace: (db: Db, spaceId: string, id: string) => db.prepare('SELECT * FROM webhooks WHERE space_id = ? AND id = ?').get(spaceId, id) as WebhookRow | undefined,
  byId: (db: Db, id: string) => db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as WebhookRow | undefined,
  list: (db: Db, spaceId: string) => db.prepare('SELECT * FROM webhooks WHERE space_id = ? ORDER BY created_at, id').all(spaceId) as WebhookRow[],
  count: (db: Db, spaceId: string) => (db.prepare('SELECT count(*) AS n FROM webhooks WHERE space_id = ?').get(spaceId) as { n: number }).n,
  /** The enabled webhooks of a space (what an event fans out to; a handful per space at most). */
  enabledInSpace: (db: Db, spaceId: string) =>
    db.prepare('SELECT id, events FROM webhooks WHERE space_id = ? AND enabled = 1').all(spaceId) as Array<Pick<WebhookRow, 'id' | 'events'>>,
  update: (db: Db, id: string, fields: { url: string; description: string; events: string; enabled: number; updated_at: number }) =>
    db.prepare('UPDATE webhooks SET url = @url, description = @description, events = @events, enabled = @enabled, updated_at = @updated_at WHERE id = @id').run({ id, ...fields }),
  setSecret: (db: Db, id: string, secret: string, at: number) => db.prepare('UPDATE webhooks SET secret = ?, updated_at = ? WHERE id = ?').run(secret, at, id),
  delete: (db: Db, id: string) => db.prepare('DELETE FROM webhooks WHERE id = ?').run(id),
};

export const deliveries = {
  insert: (db: Db, row: Pick<DeliveryRow, 'id' | 'webhook_id' | 'space_id' | 'event_id' | 'event_type' | 'payload' | 'created_at'> & Partial<DeliveryRow>) =>
    db
      .prepare(
        `INSERT INTO webhook_deliveries (id, webhook_id, space_id, event_id, event_type, payload, state, attempts, next_attempt_at, status_code, response_ms, last_error, test, created_at, finished_at)
         VALUES (@id, @webhook_id, @space_id, @event_id, @event_type, @payload, @state, @attempts, @next_attempt_at, @status_code, @response_ms, @last_error, @test, @created_at, @finished_at)`,
      )
      .run({ state: 'pending', attempts: 0, next_attempt_at: 0, status_code: null, response_ms: null, last_error: null, test: 0, finished_at: null, ...row }),
  /**
   * Pending deliveries due now, oldest first, leaving out webhooks that already have as many in
   * flight as they may (`busy`), so one hanging receiver's backlog never starves the others.
   * The partial index holds only pending rows, with the webhook id to filter on; its order
   * (time, webhook, seq) keeps each webhook's deliveries in the order they were queued.
   */
  due: (db: Db, wallNow: number, limit: number, busy: readonly string[] = []) =>
    db
      .prepare(
        `SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ?${busy.length ? ` AND webhook_id NOT IN (${busy.map(() => '?').join(',')})` : ''}
         ORDER BY next_attempt_at LIMIT ?`,
      )
      .all(wallNow, ...busy, limit) as DeliveryRow[],
  /** The next retry time after `wallNow`. */
  nextAttemptAfter: (db: Db, wallNow: number) =>
    (db.prepare("SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at > ?").get(wallNow) as { at: number | null }).at,
  bySeq: (db: Db, seq: number) => db.prepare('SELECT * FROM webhook_deliveries WHERE seq = ?').get(seq) as DeliveryRow | undefined,
  reschedule: (db: Db, seq: number, r: { attempts: number; nextAt: number; statusCode: number | null; ms: number | null; error: string }) =>
    db
      .prepare('UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, status_code = ?, response_ms = ?, last_error = ? WHERE seq = ? AND state = ?')
      .run(r.attempts, r.nextAt, r.statusCode, r.ms, r.error, seq, 'pending'),
  finish: (db: Db, seq: number, r: { state: 'delivered' | 'failed'; attempts: number; statusCode: number | null; ms: number | null; error: string | null; at: number }) =>
    db
      .prepare('UPDATE webhook_deliveries SET state = ?, attempts = ?, status_code = ?, response_ms = ?, last_error = ?, finished_at = ? WHERE seq = ?')
      .run(r.state, r.attempts, r.statusCode, r.ms, r.error, r.at, seq),
  /** Pending deliveries of a webhook that will not be sent (it was disabled). */
  failPending: (db: Db, webhookId: string, error: string, at: number) =>
    db.prepare("UPDATE webhook_deliveries SET state = 'failed', last_error = ?, finished_at = ? WHERE webhook_id = ? AND state = 'pending'").run(error, at, webhookId),
  /** The newest deliveries of a webhook (the delivery log), newest first. */
  log: (db: Db, webhookId: string, limit: number) =>
    db.prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?').all(webhookId, limit) as DeliveryRow[],
  /**
   * Keeps the log bounded: deletes the webhook's finished deliveries older than its newest
   * DELIVERY_LOG_SIZE (pending ones stay until they finish). Runs as each delivery finishes.
   */
  prune: (db: Db, webhookId: string) => {
    const edge = db
      .prepare("SELECT seq FROM webhook_deliveries WHERE webhook_id = ? AND state != 'pending' ORDER BY seq DESC LIMIT 1 OFFSET ?")
      .get(webhookId, DELIVERY_LOG_SIZE - 1) as { seq: number } | undefined;
    if (edge) db.prepare("DELETE FROM webhook_deliveries WHERE webhook_id = ? AND seq < ? AND state != 'pending'").run(webhookId, edge.seq);
  },
  pendingCount: (db: Db, webhookId: string) =>
    (db.prepare("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ? AND state = 'pending'").get(webhookId) as { n: number }).n,
};
