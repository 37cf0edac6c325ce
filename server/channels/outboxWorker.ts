/**
 * The outbox worker: sends queued replies through their channel's adapter, outside any request.
 * Transient failures retry with exponential backoff and jitter (honouring a provider's retry
 * hint); permanent ones mark the message failed with the provider's reason. Rows survive a
 * restart, so a reply stored but not yet confirmed is sent after the next start (at least once
 * to the provider, and shown once: it is one message row).
 *
 * Retries are timed on the wall clock (real timers), not the injectable business clock: backoff
 * waits for real providers, while the window and timestamps follow deps.now.
 */
import type { BlobStore } from '../attachments/BlobStore';
import { recordSendResult, type SendResult } from '../commands/recordSendResult';
import { outbox, type OutboxRow } from '../db/outbox';
import { providerChannels } from '../db/providerChannels';
import type { Deps } from '../deps';
import { loadOutboundFile } from './media';
import { adapterFor } from './registry';
import { MediaFailure, SendFailure, type OutboundMessage, type ProviderEnv } from './adapterTypes';
import { createDueLoop } from './dueLoop';

/** Sends in flight at once (different recipients; one recipient's replies go in order). */
const CONCURRENCY = 4;
/** The largest provider retry hint honoured: a day. */
const MAX_HINT_MS = 86_400_000;

export interface OutboxWorker {
  start(): void;
  /** Stops taking work, aborts sends in flight (their rows stay queued) and waits for them. */
  stop(): Promise<void>;
  /** Looks for due rows soon (after a reply was stored, a channel enabled…). */
  kick(): void;
}

/** Exponential backoff with "equal jitter", never sooner than the provider's hint. */
export function backoffMs(attempts: number, base: number, max: number, hintMs?: number, random = Math.random): number {
  const exp = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.round(Math.max(jittered, Math.min(hintMs ?? 0, MAX_HINT_MS)));
}

export function createOutboxWorker(deps: Deps, store: BlobStore, env: ProviderEnv, wall: () => number = Date.now): OutboxWorker {
  const { db, config } = deps;
  const loop = createDueLoop('outbox', db, pass, wall);

  async function send(row: OutboxRow): Promise<void> {
    const record = (result: SendResult) => recordSendResult(deps, row, result);
    const channel = providerChannels.anyInSpace(db, row.space_id, row.channel_id);
    const adapter = channel && adapterFor(channel.kind);
    if (!channel || !adapter || channel.deleted_at !== null) return record({ kind: 'failed', reason: 'Not sent: the channel was deleted.' });
    if (channel.enabled !== 1) {
      // Waits (without counting an attempt) until the channel is enabled again, which kicks us.
      return record({ kind: 'retry', attempts: row.attempts, nextAt: wall() + config.outboxRetryMaxMs, reason: 'The channel is disabled; replies wait until it is enabled.' });
    }
    let done = row.parts_done;
    try {
      // Inside the try: a broken row fails its message once instead of being picked up forever.
      const conn = adapter.open(channel, env);
      const { parts } = JSON.parse(row.payload) as OutboundMessage;
      while (done < parts.length) {
        const externalId = await conn.sendPart(row.recipient, parts[done]!, (id) => loadOutboundFile(deps, store, id), loop.signal);
        done += 1;
        record(done === parts.length ? { kind: 'sent', externalId } : { kind: 'part', partsDone: done, externalId });
      }
    } catch (err) {
      // Stopping: the row stays queued and is sent after the next start.
      if (loop.signal.aborted) return;
      const failure = err instanceof SendFailure ? err : new SendFailure(false, err instanceof MediaFailure ? err.message : 'Kaon could not send this message');
      if (!(err instanceof SendFailure) && !(err instanceof MediaFailure)) console.error(`[outbox] message ${row.message_id}:`, err);
      const attempts = row.attempts + 1;
      if (failure.transient && attempts < config.outboxMaxAttempts) {
        const delay = backoffMs(attempts, config.outboxRetryBaseMs, config.outboxRetryMaxMs, failure.retryAfterMs);
        record({ kind: 'retry', attempts, nextAt: wall() + delay, reason: failure.reason });
      } else {
        record({ kind: 'failed', reason: failure.transient ? `${failure.reason}; gave up after ${attempts} attempts.` : failure.reason });
      }
    }
  }

  /** Starts what is due (up to CONCURRENCY in flight); returns when the next row falls due. */
  function pass(): number | null {
    // One reading of the clock for both queries: with two, a row due exactly between them
    // would be neither sent now nor given a timer.
    const now = wall();
    const free = CONCURRENCY - loop.inflight.size;
    const due = free > 0 ? outbox.due(db, now, CONCURRENCY * 2).filter((r) => !loop.inflight.has(r.seq)).slice(0, free) : [];
    for (const row of due) loop.track(row.seq, `message ${row.message_id}`, send(row));
    // Rows due but held behind an earlier one are picked up when that one finishes (it kicks the loop).
    return outbox.nextAttemptAfter(db, now);
  }

  return { start: loop.start, stop: loop.stop, kick: loop.kick };
}
