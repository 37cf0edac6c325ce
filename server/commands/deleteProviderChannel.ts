import { isProviderKind } from '../../shared/domain/providers';
import { setMessageStatus } from '../conversations/core';
import { transact } from '../conversations/transaction';
import { channelTemplates } from '../db/channelTemplates';
import { messageWithContact, outbox } from '../db/outbox';
import { providerChannels } from '../db/providerChannels';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

const DELETED = 'Not sent: the channel was deleted.';

/**
 * Deletes a WhatsApp or Telegram channel. Its conversations stay readable (the row stays, hidden,
 * with its secrets wiped); replies still queued are marked failed so no one waits for them.
 */
export function deleteProviderChannel(deps: CommandDeps, input: { spaceId: string; channelId: string }) {
  transact(deps, (tx) => {
    const channel = providerChannels.inSpace(tx.db, input.spaceId, input.channelId);
    if (!channel || !isProviderKind(channel.kind)) throw errors.notFound('This channel');
    for (const id of outbox.queuedOfChannel(tx.db, channel.id)) setMessageStatus(tx, input.spaceId, messageWithContact(tx.db, input.spaceId, id)!, 'failed', DELETED);
    outbox.failQueuedOfChannel(tx.db, channel.id, DELETED);
    channelTemplates.removeForChannel(tx.db, channel.id);
    providerChannels.markDeleted(tx.db, channel.id, tx.now);
    tx.emit(input.spaceId, { type: 'channels.changed' });
  });
}
