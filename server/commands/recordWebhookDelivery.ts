import type { Db } from '../db/connection';
import { webhookEvents } from '../db/outbox';
import { providerChannels } from '../db/providerChannels';
import type { CommandDeps } from './commandDeps';

/**
 * The channel's health shows when its last webhook came, to the second: under a burst, one
 * write a second per channel says as much as one per message (a savepoint and an UPDATE each).
 */
const TOUCH_EVERY_MS = 1000;
const touchedAt = new WeakMap<Db, Map<string, number>>();

/**
 * A verified webhook was applied: the channel's health shows when, and the delivery id (Telegram
 * update_id) is remembered so a provider retry is acknowledged without applying it twice.
 */
export function recordWebhookDelivery(deps: CommandDeps, input: { channelId: string; deliveryKey?: string | undefined }) {
  const now = deps.now();
  let touched = touchedAt.get(deps.db);
  if (!touched) touchedAt.set(deps.db, (touched = new Map()));
  const last = touched.get(input.channelId);
  const touch = last === undefined || now < last || now - last >= TOUCH_EVERY_MS;
  if (!touch && !input.deliveryKey) return;
  deps.db.transaction(() => {
    if (touch) providerChannels.touchWebhook(deps.db, input.channelId, now);
    if (input.deliveryKey) webhookEvents.insert(deps.db, input.channelId, input.deliveryKey, now);
  })();
  // Only once it committed into the group (a throw above leaves the next delivery to write it).
  if (touch) touched.set(input.channelId, now);
}
