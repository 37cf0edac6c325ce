import { advancesStatus } from '../../shared/domain/channels';
import type { Db } from '../db/connection';
import { messages } from '../db/conversations';
import { messageWithContact, outbox, providerMessages, webhookEvents, type OutboxRow } from '../db/outbox';
import { providerChannels } from '../db/providerChannels';
import type { CommandDeps } from './types';

export type SendResult =
  /** One part of several was accepted: remember it so a retry does not send it again. */
  | { kind: 'part'; partsDone: number; externalId: string }
  /** The last part was accepted: the message is sent. */
  | { kind: 'sent'; externalId: string }
  /** A transient failure: try again at `nextAt` (wall clock). */
  | { kind: 'retry'; attempts: number; nextAt: number; reason: string }
  /** A permanent failure (or too many attempts): the agent sees `reason` and may retry. */
  | { kind: 'failed'; reason: string };

/** Maps a provider id to the message and applies statuses that arrived before it; true if the message changed. */
function accepted(db: Db, row: OutboxRow, externalId: string): boolean {
  providerMessages.insert(db, row.channel_id, externalId, row.message_id);
  let changed = false;
  for (const held of webhookEvents.takeHeldStatuses(db, row.channel_id, externalId)) {
    const current = messageWithContact(db, row.space_id, row.message_id)?.status ?? '';
    if (!advancesStatus(current, held.status)) continue;
    messages.setStatus(db, row.message_id, held.status, held.status === 'failed' ? held.error : null);
    changed = true;
  }
  return changed;
}

/**
 * The outbox worker records what the provider answered, in one transaction with the outbox row,
 * so a crash never leaves a message 'sent' with its row still queued (or the reverse).
 */
export function recordSendResult(deps: CommandDeps, row: OutboxRow, result: SendResult): void {
  const now = deps.now();
  const publish = deps.db.transaction(() => {
    const message = messageWithContact(deps.db, row.space_id, row.message_id);
    switch (result.kind) {
      case 'part':
        outbox.progress(deps.db, row.seq, result.partsDone);
        return accepted(deps.db, row, result.externalId) ? message : null;
      case 'sent':
        outbox.finish(deps.db, row.seq, 'sent', null);
        providerChannels.recordSendOk(deps.db, row.channel_id, now);
        // A status may already have moved it on (delivered before our answer arrived).
        if (message?.status === 'pending') messages.setStatus(deps.db, row.message_id, 'sent', null);
        accepted(deps.db, row, result.externalId);
        return message;
      case 'retry':
        outbox.reschedule(deps.db, row.seq, result.attempts, result.nextAt, result.reason);
        providerChannels.recordSendError(deps.db, row.channel_id, now, result.reason);
        return null;
      case 'failed':
        outbox.finish(deps.db, row.seq, 'failed', result.reason);
        providerChannels.recordSendError(deps.db, row.channel_id, now, result.reason);
        messages.setStatus(deps.db, row.message_id, 'failed', result.reason);
        return message;
    }
  })();
  if (!publish) return;
  deps.events.publish(row.space_id, { type: 'conversation.changed', conversationId: publish.conversation_id, contactId: publish.contact_id });
  if (result.kind === 'failed') deps.events.publish(row.space_id, { type: 'channels.changed' });
}
