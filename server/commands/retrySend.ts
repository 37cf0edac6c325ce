import type { OutboundMessage } from '../channels/types';
import { messages } from '../db/conversations';
import { messageWithContact, outbox } from '../db/outbox';
import { errors } from '../errors';
import { checkWindow, sendableChannel } from './outboundParts';
import type { CommandDeps } from './types';

/**
 * An agent retries a failed reply on WhatsApp or Telegram: it goes back to 'pending' and its
 * outbox row is queued again. A failure the provider reported synchronously resumes after the
 * parts already accepted; one reported later by webhook resends everything.
 */
export function retrySend(deps: CommandDeps, input: { spaceId: string; messageId: string }) {
  const message = deps.db.transaction(() => {
    const message = messageWithContact(deps.db, input.spaceId, input.messageId);
    const row = message && outbox.byMessage(deps.db, message.id);
    if (!message || !row) throw errors.notFound('This message');
    if (message.status !== 'failed') throw errors.badRequest('Only a message that failed can be sent again.');
    const channel = sendableChannel(deps.db, input.spaceId, row.channel_id);
    if (!channel) throw errors.notFound('This message');
    const payload = JSON.parse(row.payload) as OutboundMessage;
    if (payload.parts.some((p) => p.type !== 'template')) checkWindow(deps.db, channel, message.contact_id, deps.now());
    outbox.requeue(deps.db, row.seq, row.state === 'failed' ? row.parts_done : 0);
    messages.setStatus(deps.db, message.id, 'pending', null);
    return message;
  })();
  deps.events.publish(input.spaceId, { type: 'conversation.changed', conversationId: message.conversation_id, contactId: message.contact_id });
  return { messageId: message.id, status: 'pending' as const };
}
