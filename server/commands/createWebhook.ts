import { WEBHOOK_LIMITS, type WebhookEvent } from '../../shared/domain/webhooks';
import { transact } from '../conversations/transaction';
import { newId } from '../db/ids';
import { webhooks } from '../db/webhooks';
import { errors } from '../errors';
import { newWebhookSecret } from '../webhooks/signature';
import type { CommandDeps } from './commandDeps';

/**
 * Adds an outgoing webhook (its address already checked by the caller: webhooks/send
 * `addressRefusal`). The signing secret is made here and returned once; lists never show it.
 */
export function createWebhook(deps: CommandDeps, input: { spaceId: string; userId: string; url: string; events: WebhookEvent[]; description: string }) {
  const id = newId();
  const secret = newWebhookSecret();
  transact(deps, (tx) => {
    if (webhooks.count(tx.db, input.spaceId) >= WEBHOOK_LIMITS.perSpace) throw errors.badRequest(`A space can have at most ${WEBHOOK_LIMITS.perSpace} webhooks. Delete one you no longer use first.`);
    webhooks.insert(tx.db, {
      id,
      space_id: input.spaceId,
      url: input.url,
      description: input.description,
      events: JSON.stringify(input.events),
      secret,
      created_by: input.userId,
      created_at: tx.now,
      updated_at: tx.now,
    });
    tx.emit(input.spaceId, { type: 'webhooks.changed' });
  });
  return { id, secret };
}
