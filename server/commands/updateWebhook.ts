import type { WebhookEvent } from '../../shared/domain/webhooks';
import { transact } from '../conversations/transaction';
import { deliveries, webhooks } from '../db/webhooks';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

export const DISABLED_WORDS = 'Not sent: the webhook was disabled before this was delivered.';

/**
 * Changes a webhook's address, events, description or enabled state (the address already checked
 * by the caller). Disabling it fails what is still waiting, so nothing arrives hours later after
 * enabling it again; pending deliveries of an enabled one go to the new address.
 */
export function updateWebhook(
  deps: CommandDeps,
  input: { spaceId: string; webhookId: string; url?: string; events?: WebhookEvent[]; description?: string; enabled?: boolean },
): void {
  transact(deps, (tx) => {
    const w = webhooks.inSpace(tx.db, input.spaceId, input.webhookId);
    if (!w) throw errors.notFound('This webhook');
    const enabled = input.enabled ?? w.enabled === 1;
    webhooks.update(tx.db, w.id, {
      url: input.url ?? w.url,
      description: input.description ?? w.description,
      events: input.events ? JSON.stringify(input.events) : w.events,
      enabled: enabled ? 1 : 0,
      updated_at: tx.now,
    });
    if (!enabled && w.enabled === 1) {
      deliveries.failPending(tx.db, w.id, DISABLED_WORDS, tx.now);
      tx.emit(input.spaceId, { type: 'webhookDeliveries.changed', webhookId: w.id });
    }
    tx.emit(input.spaceId, { type: 'webhooks.changed' });
  });
}
