import type { OutboundMessage } from '../../shared/domain/providers';
import { setMessageStatus } from '../conversations/core';
import { checkWindow, sendableChannel } from '../conversations/outbound';
import { transact } from '../conversations/transaction';
import { messageWithContact, outbox } from '../db/outbox';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/**
 * An agent retries a failed reply on WhatsApp or Telegram: it goes back to 'pending' and its
 * outbox row is queued again. A failure the provider reported synchronously resumes after the
 * parts already accepted; one reported later by webhook resends everything.
 */
export function retrySend(deps: CommandDeps, input: { spaceId: string; messageId: string }) {
  return transact(deps, (tx) => {
    const message = messageWithContact(tx.db, input.spaceId, input.messageId);
    const row = message && outbox.byMessage(tx.db, message.id);
    if (!message || !row) throw errors.notFound('This message');
    if (message.status !== 'failed') throw errors.badRequest('Only a message that failed can be sent again.');
    const channel = sendableChannel(tx.db, input.spaceId, row.channel_id);
    if (!channel) throw errors.notFound('This message');
    const payload = JSON.parse(row.payload) as OutboundMessage;
    if (payload.parts.some((p) => p.type !== 'template')) checkWindow(tx.db, channel, message.contact_id, tx.now);
    outbox.requeue(tx.db, row.seq, row.state === 'failed' ? row.parts_done : 0);
    setMessageStatus(tx, input.spaceId, message, 'pending', null);
    tx.emit(input.spaceId, { type: 'outbox.queued' });
    return { messageId: message.id, status: 'pending' as const };
  });
}
