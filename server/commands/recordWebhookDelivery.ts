import { webhookEvents } from '../db/outbox';
import { providerChannels } from '../db/providerChannels';
import type { CommandDeps } from './commandDeps';

/**
 * A verified webhook was applied: the channel's health shows when, and the delivery id (Telegram
 * update_id) is remembered so a provider retry is acknowledged without applying it twice.
 */
export function recordWebhookDelivery(deps: CommandDeps, input: { channelId: string; deliveryKey?: string | undefined }) {
  const now = deps.now();
  deps.db.transaction(() => {
    providerChannels.touchWebhook(deps.db, input.channelId, now);
    if (input.deliveryKey) webhookEvents.insert(deps.db, input.channelId, input.deliveryKey, now);
  })();
}
