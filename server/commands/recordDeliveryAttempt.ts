import { transact } from '../conversations/transaction';
import { deliveries, type DeliveryRow } from '../db/webhooks';
import type { CommandDeps } from './commandDeps';

export type AttemptResult =
  | { kind: 'delivered'; attempts: number; statusCode: number; ms: number }
  /** Try again at `nextAt` (wall clock). */
  | { kind: 'retry'; attempts: number; nextAt: number; statusCode: number | null; ms: number | null; error: string }
  | { kind: 'failed'; attempts: number; statusCode: number | null; ms: number | null; error: string };

/**
 * The delivery worker records what a receiver answered. A finished delivery joins the delivery
 * log, which is pruned to the webhook's newest entries in the same transaction.
 */
export function recordDeliveryAttempt(deps: CommandDeps, row: Pick<DeliveryRow, 'seq' | 'webhook_id' | 'space_id'>, result: AttemptResult): void {
  transact(deps, (tx) => {
    if (result.kind === 'retry') {
      deliveries.reschedule(tx.db, row.seq, { attempts: result.attempts, nextAt: result.nextAt, statusCode: result.statusCode, ms: result.ms, error: result.error });
    } else {
      deliveries.finish(tx.db, row.seq, {
        state: result.kind,
        attempts: result.attempts,
        statusCode: result.statusCode,
        ms: result.ms,
        error: result.kind === 'failed' ? result.error : null,
        at: tx.now,
      });
      deliveries.prune(tx.db, row.webhook_id);
    }
    tx.emit(row.space_id, { type: 'webhookDeliveries.changed', webhookId: row.webhook_id });
  });
}
