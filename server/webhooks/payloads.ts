import type { WebhookEvent } from '../../shared/domain/webhooks';
import { channels } from '../db/channels';
import { contacts } from '../db/contacts';
import { conversations, type ConversationRow, type MessageRow } from '../db/conversations';
import { files } from '../db/files';
import { users } from '../db/users';
import type { Actor } from '../conversations/core';
import type { Tx } from '../conversations/transaction';
import { queueWebhookEvent } from './enqueue';

/**
 * The `data` of each event, read from SQLite inside the transaction (so it is what just
 * committed). Shapes are documented in docs/admin-api.md; only add fields, never rename.
 */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const member = (tx: Tx, id: string | null) => (id ? { id, name: users.nameOf(tx.db, id) } : null);

function conversationOf(tx: Tx, spaceId: string, conversationId: string) {
  const c = conversations.inSpace(tx.db, spaceId, conversationId)!;
  const channel = channels.inSpace(tx.db, spaceId, c.channel_id);
  const contact = contacts.inSpace(tx.db, spaceId, c.contact_id);
  return {
    conversation: {
      id: c.id,
      status: c.status,
      channel: channel ? { id: channel.id, kind: channel.kind, name: channel.name } : { id: c.channel_id, kind: null, name: null },
      assignee: member(tx, c.assignee_id),
      openedAt: iso(c.opened_at),
      closedAt: iso(c.closed_at),
      closingNote: c.status === 'closed' && (c.closing_category || c.closing_summary) ? { category: c.closing_category, summary: c.closing_summary } : null,
    },
    contact: contact ? { id: contact.id, name: contact.name, email: contact.email || null, phone: contact.phone || null } : { id: c.contact_id, name: null, email: null, phone: null },
  };
}

const actorOf = (tx: Tx, actor: Actor | null) =>
  actor === null
    ? null
    : actor.kind === 'member'
      ? { kind: 'member', id: actor.userId, name: users.nameOf(tx.db, actor.userId) }
      : actor.kind === 'workflow'
        ? { kind: 'workflow', id: actor.workflowId, name: actor.workflowName }
        : { kind: 'system', id: null, name: actor.name };

/** conversation.opened / assigned / closed, with who did it (null: the customer opened it by writing). */
export function queueConversationEvent(tx: Tx, type: Extract<WebhookEvent, `conversation.${string}`>, conv: Pick<ConversationRow, 'id' | 'space_id'>, actor: Actor | null): void {
  queueWebhookEvent(tx, conv.space_id, type, () => ({ ...conversationOf(tx, conv.space_id, conv.id), by: actorOf(tx, actor) }));
}

/** message.received (a customer wrote) or message.sent (an agent or a workflow replied). */
export function queueMessageEvent(tx: Tx, conv: Pick<ConversationRow, 'id' | 'space_id'>, message: MessageRow): void {
  queueWebhookEvent(tx, conv.space_id, message.direction === 'in' ? 'message.received' : 'message.sent', () => ({
    message: {
      id: message.id,
      direction: message.direction,
      body: message.body,
      author: member(tx, message.author_id),
      createdAt: iso(message.created_at),
      files: files.forMessage(tx.db, message.id),
    },
    ...conversationOf(tx, conv.space_id, conv.id),
  }));
}
