import { advancesStatus } from '../../shared/domain/providers';
import { setMessageStatus } from '../conversations/core';
import { transact, type Tx } from '../conversations/transaction';
import { messageWithContact, outbox, providerMessages, webhookEvents, type OutboxRow } from '../db/outbox';
import { providerChannels } from '../db/providerChannels';
import type { CommandDeps } from './commandDeps';

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
function accepted(tx: Tx, row: OutboxRow, externalId: string): void {
  providerMessages.insert(tx.db, row.channel_id, externalId, row.message_id);
  for (const held of webhookEvents.takeHeldStatuses(tx.db, row.channel_id, externalId)) {
    const message = messageWithContact(tx.db, row.space_id, row.message_id);
    if (!message || !advancesStatus(message.status, held.status)) continue;
    setMessageStatus(tx, row.space_id, message, held.status, held.status === 'failed' ? held.error : null);
  }
}

/**
 * The outbox worker records what the provider answered, in one transaction with the outbox row,
 * so a crash never leaves a message 'sent' with its row still queued (or the reverse).
 */
export function recordSendResult(deps: CommandDeps, row: OutboxRow, result: SendResult): void {
  transact(deps, (tx) => {
    const message = messageWithContact(tx.db, row.space_id, row.message_id);
    switch (result.kind) {
      case 'part':
        outbox.progress(tx.db, row.seq, result.partsDone);
        accepted(tx, row, result.externalId);
        return;
      case 'sent':
        outbox.finish(tx.db, row.seq, 'sent', null);
        providerChannels.recordSendOk(tx.db, row.channel_id, tx.now);
        // A status may already have moved it on (delivered before our answer arrived).
        if (message?.status === 'pending') setMessageStatus(tx, row.space_id, message, 'sent', null);
        accepted(tx, row, result.externalId);
        return;
      case 'retry':
        outbox.reschedule(tx.db, row.seq, result.attempts, result.nextAt, result.reason);
        providerChannels.recordSendError(tx.db, row.channel_id, tx.now, result.reason);
        return;
      case 'failed':
        outbox.finish(tx.db, row.seq, 'failed', result.reason);
        providerChannels.recordSendError(tx.db, row.channel_id, tx.now, result.reason);
        if (message) setMessageStatus(tx, row.space_id, message, 'failed', result.reason);
        // The channel's health (last send error) changed too.
        tx.emit(row.space_id, { type: 'channels.changed' });
        return;
    }
  });
}
