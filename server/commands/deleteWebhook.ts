import { transact } from '../conversations/transaction';
import { webhooks } from '../db/webhooks';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/** Deletes a webhook with its delivery log and whatever was still waiting to be sent. */
export function deleteWebhook(deps: CommandDeps, input: { spaceId: string; webhookId: string }): void {
  transact(deps, (tx) => {
    if (!webhooks.inSpace(tx.db, input.spaceId, input.webhookId)) throw errors.notFound('This webhook');
    webhooks.delete(tx.db, input.webhookId);
    tx.emit(input.spaceId, { type: 'webhooks.changed' });
  });
}
