import { transact } from '../conversations/transaction';
import { webhooks } from '../db/webhooks';
import { errors } from '../errors';
import { newWebhookSecret } from '../webhooks/signature';
import type { CommandDeps } from './commandDeps';

/** A new signing secret, returned once; every delivery from now on (retries too) is signed with it. */
export function rotateWebhookSecret(deps: CommandDeps, input: { spaceId: string; webhookId: string }): { secret: string } {
  const secret = newWebhookSecret();
  transact(deps, (tx) => {
    if (!webhooks.inSpace(tx.db, input.spaceId, input.webhookId)) throw errors.notFound('This webhook');
    webhooks.setSecret(tx.db, input.webhookId, secret, tx.now);
    tx.emit(input.spaceId, { type: 'webhooks.changed' });
  });
  return { secret };
}
