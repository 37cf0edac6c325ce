import { advancesStatus } from '../../shared/domain/providers';
import type { DeliveryStatus } from '../../shared/domain/providers';
import { setMessageStatus } from '../conversations/core';
import { transact } from '../conversations/transaction';
import { messageWithContact, providerMessages, webhookEvents } from '../db/outbox';
import type { CommandDeps } from './commandDeps';

/**
 * A provider's delivery status for a message Kaon sent (WhatsApp status webhooks). Ticks only
 * move forward, so replays and out-of-order webhooks change nothing. A status for an id not yet
 * known is held until the send's answer records it (recordSendResult).
 * Returns whether the message changed.
 */
export function updateDeliveryStatus(
  deps: CommandDeps,
  input: { spaceId: string; channelId: string; externalMessageId: string; status: DeliveryStatus; error: string | null },
): boolean {
  return transact(deps, (tx) => {
    const messageId = providerMessages.messageOf(tx.db, input.channelId, input.externalMessageId);
    if (!messageId) {
      // The status may have overtaken the answer to our send (Meta does not order them): keep it.
      webhookEvents.holdStatus(tx.db, input.channelId, input.externalMessageId, { status: input.status, error: input.error }, tx.now);
      return false;
    }
    const message = messageWithContact(tx.db, input.spaceId, messageId);
    if (!message || message.direction !== 'out' || !advancesStatus(message.status, input.status)) return false;
    setMessageStatus(tx, input.spaceId, message, input.status, input.status === 'failed' ? input.error : null);
    return true;
  });
}
