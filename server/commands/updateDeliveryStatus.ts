import { advancesStatus } from '../../shared/domain/channels';
import type { DeliveryStatus } from '../channels/types';
import { messages } from '../db/conversations';
import { messageWithContact, providerMessages, webhookEvents } from '../db/outbox';
import type { CommandDeps } from './types';

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
  const changed = deps.db.transaction(() => {
    const messageId = providerMessages.messageOf(deps.db, input.channelId, input.externalMessageId);
    if (!messageId) {
      // The status may have overtaken the answer to our send (Meta does not order them): keep it.
      webhookEvents.holdStatus(deps.db, input.channelId, input.externalMessageId, { status: input.status, error: input.error }, deps.now());
      return null;
    }
    const message = messageWithContact(deps.db, input.spaceId, messageId);
    if (!message || message.direction !== 'out' || !advancesStatus(message.status, input.status)) return null;
    messages.setStatus(deps.db, message.id, input.status, input.status === 'failed' ? input.error : null);
    return message;
  })();
  if (!changed) return false;
  deps.events.publish(input.spaceId, { type: 'conversation.changed', conversationId: changed.conversation_id, contactId: changed.contact_id });
  return true;
}
