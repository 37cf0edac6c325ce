import { assign, bump, close, unassign, type Transition } from '../../shared/domain/conversation';
import { notificationPreview, previewOf } from '../../shared/domain/messageLimits';
import { contacts } from '../db/contacts';
import { activities, conversations, messages, projectionQueue, stateOf, type ConversationRow, type MessageRow, type ThreadItemKind } from '../db/conversations';
import { search } from '../db/search';
import { files } from '../db/files';
import { newId } from '../db/ids';
import { notifications } from '../db/notifications';
import { reportFacts } from '../db/reports';
import { memberships } from '../db/spaces';
import { users } from '../db/users';
import { errors } from '../errors';
import { queueConversationEvent, queueMessageEvent } from '../webhooks/payloads';
import { askForEmailRating } from './emailRating';
import { enqueueSend, type ProviderReply } from './outbound';
import { slaFollow } from './sla';
import type { Tx } from './transaction';

/**
 * The conversation core: the only code that changes a conversation (its state, its messages, its
 * activity lines). Commands, channels and workflows call it inside their transaction (`Tx`); it
 * decides with shared/domain/conversation, writes the rows, and emits what changed.
 */

/** Who changes a conversation: a member of the space, a workflow, or Kaon itself (auto-close), named in activity lines. */
export type Actor = { kind: 'member'; userId: string } | { kind: 'workflow'; workflowId: string; workflowName: string } | { kind: 'system'; name: string };

export type Change =
  | { kind: 'assign'; assigneeId: string; byReplying?: boolean }
  | { kind: 'unassign' }
  /** `noteCheck`: why the closing note does not satisfy the space's policy (null = it does). */
  | { kind: 'close'; note: { category: string | null; summary: string | null } | null; noteCheck: string | null };

export const memberName = (tx: Tx, userId: string): string => users.nameOf(tx.db, userId)!;

export const actorName = (tx: Tx, actor: Actor): string =>
  actor.kind === 'member' ? memberName(tx, actor.userId) : actor.kind === 'workflow' ? `Workflow “${actor.workflowName}”` : actor.name;

const actorId = (actor: Actor): string | null => (actor.kind === 'member' ? actor.userId : null);

/** A thread item to write into the conversation's doc after the commit, and the event that says so. */
function changedItem(tx: Tx, conv: { id: string; space_id: string; contact_id: string }, itemId: string, kind: ThreadItemKind): void {
  projectionQueue.add(tx.db, conv.id, itemId, kind);
  tx.emit(conv.space_id, { type: 'conversation.changed', conversationId: conv.id, contactId: conv.contact_id });
}

export function addActivity(tx: Tx, conv: ConversationRow, text: string): void {
  const id = newId();
  activities.insert(tx.db, { id, space_id: conv.space_id, conversation_id: conv.id, text, created_at: tx.now });
  changedItem(tx, conv, id, 'activity');
}

function activityText(tx: Tx, conv: ConversationRow, change: Change, actor: Actor): string {
  const who = actorName(tx, actor);
  const person = (userId: string) => (userId === actorId(actor) ? 'themself' : memberName(tx, userId));
  switch (change.kind) {
    case 'assign': {
      if (change.byReplying) return `${who} took this conversation by replying`;
      // A workflow overriding a person's unassign says so (it ran for another reason than the sweep).
      const after = actor.kind === 'workflow' && conv.unassigned_by ? ` (${memberName(tx, conv.unassigned_by)} had unassigned it)` : '';
      return `${who} assigned this to ${person(change.assigneeId)}${after}`;
    }
    case 'unassign':
      return `${who} unassigned ${conv.assignee_id ? person(conv.assignee_id) : ''}`.trim();
    case 'close': {
      const why = change.note ? ` — ${[change.note.category, change.note.summary].filter(Boolean).join(': ')}` : '';
      return `Closed by ${who}${why}`;
    }
  }
}

/**
 * Decides `change` on the conversation as the caller saw it (`seenVersion`) and, when it changes
 * something, applies it: the new state, the closing note, an activity line, and a notification
 * for a member given the conversation by someone else. Returns the decision; refusals write nothing.
 */
export function transition(tx: Tx, conv: ConversationRow, seenVersion: number, change: Change, actor: Actor): Transition {
  const current = stateOf(conv);
  const decision =
    change.kind === 'assign'
      ? assign(current, seenVersion, change.assigneeId, memberships.roleOf(tx.db, conv.space_id, change.assigneeId) !== undefined)
      : change.kind === 'unassign'
        ? unassign(current, seenVersion)
        : close(current, seenVersion, change.noteCheck);
  if (!decision.ok || !decision.changed) return decision;
  // A member's unassign is remembered until someone is assigned: the backlog sweep leaves it alone.
  conversations.setState(tx.db, conv.id, decision.next, change.kind === 'unassign' ? actorId(actor) : null);
  if (change.kind === 'close') conversations.setClosed(tx.db, conv.id, actorId(actor), tx.now, change.note?.category ?? null, change.note?.summary ?? null);
  reportFacts.changed(tx.db, conv.id, decision.next.assigneeId, change.kind === 'close' ? { at: tx.now, category: change.note?.category ?? null } : null);
  slaFollow(tx, conv, change.kind === 'close' ? { kind: 'closed', at: tx.now } : { kind: 'assigned', assigneeId: decision.next.assigneeId });
  addActivity(tx, conv, activityText(tx, conv, change, actor));
  // Being given a conversation by someone else (a member or a workflow) is news; taking it yourself is not.
  if (change.kind === 'assign' && change.assigneeId !== actorId(actor)) notifyAssigned(tx, conv, change.assigneeId, actor);
  if (change.kind !== 'unassign') queueConversationEvent(tx, change.kind === 'assign' ? 'conversation.assigned' : 'conversation.closed', conv, actor);
  // After the close is written: the rating mail goes to a closed conversation.
  if (change.kind === 'close') askForEmailRating(tx, conversations.inSpace(tx.db, conv.space_id, conv.id)!);
  return decision;
}

/** A refused transition as the error the caller's client understands. */
export function refusal(decision: Extract<Transition, { ok: false }>): Error {
  if (decision.code === 'conflict') return errors.conflict(decision.message, decision.current);
  if (decision.code === 'notMember') return errors.notFound('This member');
  if (decision.code === 'closed') return errors.forbidden(decision.message);
  return errors.badRequest(decision.message);
}

function notifyAssigned(tx: Tx, conv: ConversationRow, userId: string, actor: Actor): void {
  notifications.insert(tx.db, {
    id: newId(),
    space_id: conv.space_id,
    user_id: userId,
    kind: 'assigned',
    actor_id: actorId(actor),
    actor_name: actorName(tx, actor),
    contact_id: conv.contact_id,
    comment_id: null,
    conversation_id: conv.id,
    preview: notificationPreview(conv.last_preview),
    created_at: tx.now,
    read_at: null,
  });
  tx.emit(conv.space_id, { type: 'notifications.changed', userId });
}

/**
 * Opens a conversation for the contact on the channel: unassigned when the customer writes,
 * assigned to the member who opens it by replying (with an activity line).
 */
export function openConversation(tx: Tx, input: { spaceId: string; contactId: string; channelId: string; openedBy: Actor | null }): ConversationRow {
  const id = newId();
  const assigneeId = input.openedBy ? actorId(input.openedBy) : null;
  conversations.insert(tx.db, { id, space_id: input.spaceId, contact_id: input.contactId, channel_id: input.channelId, assignee_id: assigneeId, opened_at: tx.now });
  const conv = conversations.inSpace(tx.db, input.spaceId, id)!;
  reportFacts.opened(tx.db, id);
  slaFollow(tx, conv, { kind: 'opened' });
  if (input.openedBy) addActivity(tx, conv, `${actorName(tx, input.openedBy)} opened this conversation by replying`);
  tx.emit(input.spaceId, { type: 'conversation.changed', conversationId: id, contactId: input.contactId });
  queueConversationEvent(tx, 'conversation.opened', conv, input.openedBy);
  return conv;
}

/** Files a message may carry: in this space, uploaded by a member (for agents: a teammate's upload is fine) or by this visitor. */
export function checkFiles(tx: Tx, spaceId: string, fileIds: readonly string[], uploader: { userId?: string; contactKey?: string }): void {
  for (const fileId of fileIds) {
    const file = files.inSpace(tx.db, spaceId, fileId);
    const mine = file && (uploader.userId ? file.uploaded_by_user !== null : file.uploaded_by_contact === uploader.contactKey);
    if (!mine) throw errors.notFound('An attached file');
  }
}

export interface NewMessage {
  direction: 'in' | 'out';
  authorId: string | null;
  body: string;
  /** The stored dedupe key (db/conversations clientKey), or null for workflow messages. */
  clientKey: string | null;
  fileIds: readonly string[];
  /** On WhatsApp and Telegram: how it goes out (it starts 'pending' with an outbox row). */
  provider?: ProviderReply | null;
  /** When the message was written, if the channel says so (a provider's timestamp); else now. */
  at?: number;
}

/**
 * Appends a message with its files: indexed for search, the conversation's preview and unread
 * count updated; a provider reply is queued in the outbox in the same transaction.
 */
export function appendMessage(tx: Tx, conv: ConversationRow, input: NewMessage): MessageRow {
  if (!input.body.trim() && input.fileIds.length === 0) throw errors.emptyMessage();
  const status = input.direction === 'in' ? 'received' : input.provider ? 'pending' : 'sent';
  const message: MessageRow = {
    id: newId(),
    space_id: conv.space_id,
    conversation_id: conv.id,
    direction: input.direction,
    author_id: input.authorId,
    body: input.body,
    client_id: input.clientKey,
    status,
    error: null,
    created_at: input.at ?? tx.now,
  };
  const { lastInsertRowid } = messages.insert(tx.db, message);
  reportFacts.messageStored(tx.db, message);
  slaFollow(tx, conv, { kind: 'message', direction: message.direction, byMember: message.direction === 'out' && message.author_id !== null, at: message.created_at });
  input.fileIds.forEach((fileId, position) => files.attach(tx.db, message.id, fileId, position));
  if (input.body.trim()) search.indexMessage(tx.db, { rowid: lastInsertRowid, text: input.body, space_id: conv.space_id, ref_id: message.id, conversation_id: conv.id });
  conversations.touch(tx.db, conv.id, message.created_at, previewOf(input.body, input.fileIds.length), input.direction === 'in');
  contacts.touchActivity(tx.db, conv.contact_id, message.created_at);
  if (input.provider) {
    enqueueSend(tx.db, conv.space_id, message.id, input.provider, tx.now);
    tx.emit(conv.space_id, { type: 'outbox.queued' });
  }
  changedItem(tx, conv, message.id, 'message');
  queueMessageEvent(tx, conv, message);
  return message;
}

/** An agent opened the conversation: its unread count goes back to zero for the queue. */
export function markConversationRead(tx: Tx, conv: ConversationRow): void {
  if (conv.unread === 0) return;
  conversations.markRead(tx.db, conv.id);
  tx.emit(conv.space_id, { type: 'conversation.changed', conversationId: conv.id, contactId: conv.contact_id });
}

/** A message's delivery status changes (sent, delivered, read, failed with the reason, pending again). */
export function setMessageStatus(tx: Tx, spaceId: string, message: { id: string; conversation_id: string; contact_id: string }, status: string, error: string | null): void {
  messages.setStatus(tx.db, message.id, status, error);
  changedItem(tx, { id: message.conversation_id, space_id: spaceId, contact_id: message.contact_id }, message.id, 'message');
}

/** The customer's page has shown the agents' replies (website chat): 'sent' becomes 'delivered'. */
export function markRepliesDelivered(tx: Tx, conv: ConversationRow): void {
  for (const id of messages.markDelivered(tx.db, conv.id)) changedItem(tx, conv, id, 'message');
}

/**
 * Snoozes an open conversation (until `until`, or until the customer writes when null): it leaves
 * the queue, keeps its assignee, and says so in an activity line. Decided on the version the
 * caller saw; the caller checks the time (shared/domain/snooze).
 */
export function snoozeConversation(tx: Tx, conv: ConversationRow, seenVersion: number, until: number | null, actor: Actor, untilText: string): ConversationRow {
  const current = stateOf(conv);
  if (current.version !== seenVersion) throw errors.conflict('Someone else changed this conversation first. It now shows the latest state.', current);
  if (current.status !== 'open') throw errors.forbidden('This conversation is closed.');
  conversations.setState(tx.db, conv.id, bump(current), conv.unassigned_by);
  conversations.setSnooze(tx.db, conv.id, true, until);
  addActivity(tx, conv, `${actorName(tx, actor)} snoozed this ${untilText}`);
  return conversations.inSpace(tx.db, conv.space_id, conv.id)!;
}

/** Why a snoozed conversation is back in the queue. */
export type Wake = { by: 'member'; actor: Actor } | { by: 'time' } | { by: 'customer' };

/** Brings a snoozed conversation back into the queue, with an activity line (no-op if not snoozed). */
export function wakeConversation(tx: Tx, conv: ConversationRow, wake: Wake): boolean {
  if (!conv.snoozed || conv.status !== 'open') return false;
  conversations.setState(tx.db, conv.id, bump(stateOf(conv)), conv.unassigned_by);
  conversations.setSnooze(tx.db, conv.id, false, null);
  const text =
    wake.by === 'member' ? `${actorName(tx, wake.actor)} unsnoozed this` : wake.by === 'time' ? 'Back from snooze: its time came' : 'Back from snooze: the customer wrote';
  addActivity(tx, conv, text);
  return true;
}
