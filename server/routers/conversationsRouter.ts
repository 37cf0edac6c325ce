import {
  assignInput,
  closedListInput,
  closeInput,
  contactInput,
  conversationInput,
  searchInput,
  snoozedListInput,
  snoozeInput,
  threadPageInput,
  unsnoozeInput,
  sendInput,
  unassignInput,
} from '../../shared/schemas/messagesSchema';
import { spaceInput } from '../../shared/schemas/commonSchema';
import { markRead } from '../commands/markRead';
import { sendMessage } from '../commands/sendMessage';
import { snoozeConversation, unsnoozeConversation } from '../commands/snoozeConversation';
import { transitionConversation } from '../commands/transitionConversation';
import { replyAllCc } from '../conversations/emailReply';
import { firstScreen } from '../conversations/queueItems';
import { threadPage } from '../conversations/threadItems';
import { channels } from '../db/channels';
import { contacts } from '../db/contacts';
import { contactHistory, conversations } from '../db/conversations';
import { providerChannels } from '../db/providerChannels';
import { search, searchExpression } from '../db/search';
import { users } from '../db/users';
import { errors } from '../errors';
import { allowed, memberProcedure, router } from '../trpc/init';

const nameOf = users.nameOf;

export const conversationsRouter = router({
  send: allowed('conversations.reply')
    .input(sendInput)
    .mutation(({ ctx, input }) =>
      sendMessage(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id, contactId: input.contactId, body: input.body, clientId: input.clientId, fileIds: input.fileIds, cc: input.cc }),
    ),
  assign: allowed('conversations.assign')
    .input(assignInput)
    .mutation(({ ctx, input }) =>
      transitionConversation(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id, conversationId: input.conversationId, version: input.version, command: { kind: 'assign', assigneeId: input.assigneeId } }),
    ),
  unassign: allowed('conversations.assign')
    .input(unassignInput)
    .mutation(({ ctx, input }) =>
      transitionConversation(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id, conversationId: input.conversationId, version: input.version, command: { kind: 'unassign' } }),
    ),
  close: allowed('conversations.close')
    .input(closeInput)
    .mutation(({ ctx, input }) =>
      transitionConversation(ctx, {
        spaceId: ctx.spaceId,
        userId: ctx.user.id,
        conversationId: input.conversationId,
        version: input.version,
        command: { kind: 'close', category: input.category, summary: input.summary },
      }),
    ),
  /** Out of the queue until `until` (ms) or, with null, until the customer writes. */
  snooze: allowed('conversations.snooze')
    .input(snoozeInput)
    .mutation(({ ctx, input }) =>
      snoozeConversation(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id, conversationId: input.conversationId, version: input.version, until: input.until }),
    ),
  unsnooze: allowed('conversations.snooze')
    .input(unsnoozeInput)
    .mutation(({ ctx, input }) => unsnoozeConversation(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id, conversationId: input.conversationId, version: input.version })),
  /** The Snoozed tab: snoozed conversations, newest message first, with when each comes back. */
  snoozed: memberProcedure.input(snoozedListInput).query(({ ctx, input }) => ({
    total: conversations.snoozedCount(ctx.db, ctx.spaceId),
    items: conversations.snoozedInSpace(ctx.db, ctx.spaceId, input.limit).map((c) => ({
      id: c.id,
      contactId: c.contact_id,
      contactName: contacts.inSpace(ctx.db, ctx.spaceId, c.contact_id)?.name ?? 'Unknown contact',
      channelKind: channels.inSpace(ctx.db, ctx.spaceId, c.channel_id)?.kind ?? null,
      preview: c.last_preview,
      lastAt: c.last_message_at,
      assigneeName: nameOf(ctx.db, c.assignee_id),
      snoozedUntil: c.snoozed_until,
    })),
  })),
  markRead: memberProcedure.input(conversationInput).mutation(({ ctx, input }) => {
    markRead(ctx, ctx.spaceId, input.conversationId);
    return { ok: true };
  }),
  /** The Closed tab: newest first, paged by `before` (closed_at). */
  closed: memberProcedure.input(closedListInput).query(({ ctx, input }) => {
    const rows = conversations.closedInSpace(ctx.db, ctx.spaceId, input.limit, input.before ?? Number.MAX_SAFE_INTEGER, input.beforeId ?? '');
    return {
      total: conversations.closedCount(ctx.db, ctx.spaceId),
      items: rows.map((c) => ({
        id: c.id,
        contactId: c.contact_id,
        contactName: contacts.inSpace(ctx.db, ctx.spaceId, c.contact_id)?.name ?? 'Unknown contact',
        // The queue row's channel icon and accessible name.
        channelKind: channels.inSpace(ctx.db, ctx.spaceId, c.channel_id)?.kind ?? null,
        preview: c.last_preview,
        closedAt: c.closed_at!,
        closedByName: nameOf(ctx.db, c.closed_by),
        closingCategory: c.closing_category,
        closingSummary: c.closing_summary,
      })),
    };
  }),
  /** A contact's conversations, oldest first, with their closing notes (the thread shows earlier ones above). */
  history: memberProcedure.input(contactInput).query(({ ctx, input }) => {
    const contact = contacts.inSpace(ctx.db, ctx.spaceId, input.contactId);
    if (!contact) throw errors.notFound('This contact');
    return contactHistory(ctx.db, contact.id);
  }),
  /** The queue's first screen (newest rows of All, Unassigned, Mine and their counts) for a browser with no local copy yet. */
  firstScreen: memberProcedure.input(spaceInput).query(({ ctx }) => firstScreen(ctx.db, ctx.spaceId, ctx.user.id)),
  /** Older thread items than the conversation's doc holds (after a rebase kept only the newest), oldest first. */
  threadPage: memberProcedure.input(threadPageInput).query(({ ctx, input }) => {
    const conv = conversations.inSpace(ctx.db, ctx.spaceId, input.conversationId);
    if (!conv) throw errors.notFound('This conversation');
    return threadPage(ctx.db, conv.id, input.before, input.limit);
  }),
  /** The Cc an e-mail reply to this conversation starts with (reply to all); [] on other channels. */
  replyCc: memberProcedure.input(conversationInput).query(({ ctx, input }) => {
    const conv = conversations.inSpace(ctx.db, ctx.spaceId, input.conversationId);
    if (!conv) throw errors.notFound('This conversation');
    const channel = providerChannels.anyInSpace(ctx.db, ctx.spaceId, conv.channel_id);
    const recipient = channel?.kind === 'email' ? providerChannels.identityOf(ctx.db, channel.id, conv.contact_id) : null;
    return { cc: channel && recipient ? replyAllCc(ctx.db, channel, conv.id, recipient) : [] };
  }),
  /** Full-text search over messages and contact names (SQLite FTS5). */
  search: memberProcedure.input(searchInput).query(({ ctx, input }) => {
    const match = searchExpression(ctx.spaceId, input.q);
    if (!match) return [];
    return search.query(ctx.db, match, 50).map((r) => {
      // A contact hit opens the contact's latest conversation.
      const conversationId = r.conversation_id ?? conversations.forContact(ctx.db, r.ref_id).at(-1)?.id ?? null;
      const conv = conversationId ? conversations.inSpace(ctx.db, ctx.spaceId, conversationId) : undefined;
      const contactName = conv ? (contacts.inSpace(ctx.db, ctx.spaceId, conv.contact_id)?.name ?? '') : '';
      return { kind: r.kind, id: r.ref_id, conversationId, contactName, snippet: r.snippet, parts: r.parts };
    });
  }),
});
