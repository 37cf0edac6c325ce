import type { WebhookEvent } from '../../shared/domain/webhooks';
import { newId } from '../db/ids';
import { deliveries, webhooks } from '../db/webhooks';
import type { Tx } from '../conversations/transaction';

/** The JSON every delivery carries (docs/admin-api.md, "Outgoing webhooks"). */
export interface WebhookPayload {
  id: string;
  type: string;
  createdAt: string;
  spaceId: string;
  data: unknown;
}

export const payloadJson = (p: WebhookPayload) => JSON.stringify(p);

/**
 * Queues `type` for every enabled webhook of the space that subscribed to it, inside the
 * transaction of the change it describes: the delivery rows commit with the change or not at
 * all, so a crash loses no event and a rolled-back change sends none. `data` is built only when
 * someone listens (one indexed read of the space's webhooks otherwise). The worker sends after
 * the commit (`webhooks.queued`), never inside the request.
 */
export function queueWebhookEvent(tx: Tx, spaceId: string, type: WebhookEvent, data: () => unknown): void {
  const targets = webhooks.enabledInSpace(tx.db, spaceId).filter((w) => (JSON.parse(w.events) as string[]).includes(type));
  if (targets.length === 0) return;
  const payload: WebhookPayload = { id: newId(), type, createdAt: new Date(tx.now).toISOString(), spaceId, data: data() };
  const body = payloadJson(payload);
  for (const w of targets) {
    deliveries.insert(tx.db, { id: newId(), webhook_id: w.id, space_id: spaceId, event_id: payload.id, event_type: type, payload: body, created_at: tx.now });
  }
  tx.emit(spaceId, { type: 'webhooks.queued' });
}
