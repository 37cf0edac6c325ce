/**
 * The delivery worker: sends queued webhook deliveries outside any request, a few at once, and
 * retries failures with backoff until they are delivered or the attempts run out. Rows are
 * written in the transaction of the change they describe (enqueue.ts), so after a crash or a
 * restart the worker simply finds them still pending. A receiver that hangs holds at most
 * PER_WEBHOOK slots for WEBHOOK_TIMEOUT_MS; the inbox never waits for any of it.
 *
 * Retries are timed on the wall clock (real timers), like the outbox; payload times follow deps.now.
 */
import { backoffMs } from '../channels/outboxWorker';
import { recordDeliveryAttempt } from '../commands/recordDeliveryAttempt';
import { DISABLED_WORDS } from '../commands/updateWebhook';
import { deliveries, webhooks, type DeliveryRow } from '../db/webhooks';
import type { Deps } from '../deps';
import type { AddressPolicy } from './addressPolicy';
import { postDelivery, type SendOutcome } from './send';
import { signatureHeader } from './signature';
import { createDueLoop } from '../channels/dueLoop';

/** Deliveries in flight at once, and at most this many to one webhook (a slow receiver does not hold up the others). */
const CONCURRENCY = 6;
const PER_WEBHOOK = 2;

export interface WebhookWorker {
  start(): void;
  /** Stops taking work and aborts deliveries in flight (they stay pending, their attempt not counted). */
  stop(): Promise<void>;
  /** Deliveries may be due now (queued by a command): the worker looks, if running. */
  kick(): void;
}

/** Where Kaon may send, for this instance (the operator's allowance, Kaon's own addresses). */
export function policyOf(deps: Pick<Deps, 'config'>, extra: { selfOrigins?: string[]; selfPort?: number | undefined } = {}): AddressPolicy {
  return {
    allowPrivate: deps.config.webhooksAllowPrivate,
    selfOrigins: [...(deps.config.publicUrl ? [deps.config.publicUrl] : []), ...(extra.selfOrigins ?? [])],
    selfPort: extra.selfPort,
  };
}

/** The headers of one attempt: the signature covers this attempt's time and the exact body. */
export function deliveryHeaders(secret: string, row: Pick<DeliveryRow, 'id' | 'event_type' | 'payload'>, attempt: number, wallMs: number): Record<string, string> {
  return {
    'kaon-event': row.event_type,
    'kaon-delivery': row.id,
    'kaon-attempt': String(attempt),
    'kaon-signature': signatureHeader(secret, row.payload, Math.floor(wallMs / 1000)),
  };
}

export function createWebhookWorker(deps: Deps, selfPort: () => number | undefined, wall: () => number = Date.now): WebhookWorker {
  const { db, config } = deps;
  const loop = createDueLoop('webhooks', db, pass, wall);
  /** The webhook of each delivery in flight (at most PER_WEBHOOK each). */
  const webhookOf = new Map<number, string>();

  async function send(row: DeliveryRow): Promise<void> {
    const webhook = webhooks.byId(db, row.webhook_id);
    if (!webhook) return; // deleted: its rows went with it
    const attempt = row.attempts + 1;
    if (webhook.enabled !== 1) return recordDeliveryAttempt(deps, row, { kind: 'failed', attempts: row.attempts, statusCode: null, ms: null, error: DISABLED_WORDS });
    const outcome: SendOutcome = await postDelivery({
      url: webhook.url,
      body: row.payload,
      headers: deliveryHeaders(webhook.secret, row, attempt, wall()),
      timeoutMs: config.webhookTimeoutMs,
      policy: policyOf(deps, { selfPort: selfPort() }),
      signal: loop.signal,
    });
    if (!outcome.ok && outcome.aborted) return; // Kaon is stopping: sent again after the next start
    if (!db.open) return;
    if (outcome.ok) return recordDeliveryAttempt(deps, row, { kind: 'delivered', attempts: attempt, statusCode: outcome.statusCode, ms: outcome.ms });
    if (outcome.retry && attempt < config.webhookMaxAttempts) {
      const nextAt = wall() + backoffMs(attempt, config.webhookRetryBaseMs, config.webhookRetryMaxMs);
      return recordDeliveryAttempt(deps, row, { kind: 'retry', attempts: attempt, nextAt, statusCode: outcome.statusCode, ms: outcome.ms, error: outcome.error });
    }
    const error = outcome.retry ? `${outcome.error}; gave up after ${attempt} attempts.` : outcome.error;
    recordDeliveryAttempt(deps, row, { kind: 'failed', attempts: attempt, statusCode: outcome.statusCode, ms: outcome.ms, error });
  }

  /** Starts what is due (CONCURRENCY in flight, PER_WEBHOOK per receiver); returns when the next delivery falls due. */
  function pass(): number | null {
    const now = wall();
    const perWebhook = new Map<string, number>();
    for (const id of webhookOf.values()) perWebhook.set(id, (perWebhook.get(id) ?? 0) + 1);
    // Due rows, oldest first, of webhooks with a free slot; a page that filled a webhook's slots
    // is read again without it (a few times at most), so every receiver gets its turn.
    for (let page = 0; page < 4 && loop.inflight.size < CONCURRENCY; page++) {
      const busy = [...perWebhook].filter(([, n]) => n >= PER_WEBHOOK).map(([id]) => id);
      const rows = deliveries.due(db, now, CONCURRENCY * 2, busy);
      let skipped = false;
      for (const row of rows) {
        if (loop.inflight.size >= CONCURRENCY) break;
        if (loop.inflight.has(row.seq)) continue;
        if ((perWebhook.get(row.webhook_id) ?? 0) >= PER_WEBHOOK) {
          skipped = true;
          continue;
        }
        perWebhook.set(row.webhook_id, (perWebhook.get(row.webhook_id) ?? 0) + 1);
        webhookOf.set(row.seq, row.webhook_id);
        loop.track(row.seq, `delivery ${row.id}`, send(row).finally(() => webhookOf.delete(row.seq)));
      }
      if (!skipped) break;
    }
    return deliveries.nextAttemptAfter(db, now);
  }

  return { start: loop.start, stop: loop.stop, kick: loop.kick };
}
