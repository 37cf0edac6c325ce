import { isProviderKind } from '../../shared/domain/channels';
import { channelTemplates } from '../db/channelTemplates';
import { messages } from '../db/conversations';
import { messageWithContact, outbox } from '../db/outbox';
import { providerChannels } from '../db/providerChannels';
import { errors } from '../errors';
import type { CommandDeps } from './types';

const DELETED = 'Not sent: the channel was deleted.';

/**
 * Deletes a WhatsApp or Telegram channel. Its conversations stay readable (the row stays, hidden,
 * with its secrets wiped); replies still queued are marked failed so no one waits for them.
 */
export function deleteProviderChannel(deps: CommandDeps, input: { spaceId: string; channelId: string }) {
  const touched = deps.db.transaction(() => {
    const channel = providerChannels.inSpace(deps.db, input.spaceId, input.channelId);
    if (!channel || !isProviderKind(channel.kind)) throw errors.notFound('This channel');
    const queued = outbox.queuedOfChannel(deps.db, channel.id).map((id) => messageWithContact(deps.db, input.spaceId, id)!);
    for (const m of queued) messages.setStatus(deps.db, m.id, 'failed', DELETED);
    outbox.failQueuedOfChannel(deps.db, channel.id, DELETED);
    channelTemplates.removeForChannel(deps.db, channel.id);
    providerChannels.markDeleted(deps.db, channel.id, deps.now());
    return queued;
  })();
  deps.events.publish(input.spaceId, { type: 'channels.changed' });
  const seen = new Set<string>();
  for (const m of touched) {
    if (seen.has(m.conversation_id)) continue;
    seen.add(m.conversation_id);
    deps.events.publish(input.spaceId, { type: 'conversation.changed', conversationId: m.conversation_id, contactId: m.contact_id });
  }
}
