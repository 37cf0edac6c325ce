import { RATING_WINDOW_MS } from '../../shared/domain/satisfaction';
import { webchatInput, webchatRateInput, webchatSendInput } from '../../shared/schemas/messagesSchema';
import { rateConversation } from '../commands/rateConversation';
import { ratings } from '../db/ratings';
import { newVisitorCookie, visitorKeyOf } from '../auth/visitors';
import { markDelivered } from '../commands/markDelivered';
import { receiveMessage } from '../commands/receiveMessage';
import { channels, type ChannelRow } from '../db/channels';
import { contacts } from '../db/contacts';
import { conversations, messages, publicClientId } from '../db/conversations';
import { files } from '../db/files';
import { users } from '../db/users';
import { errors } from '../errors';
import { topics } from '../events';
import { admitVisitor, chargeMessage, greet, openChatStream } from '../limits/chat';
import type { Context } from '../trpc/context';
import { publicProcedure, router } from '../trpc/init';

function channelFor(ctx: Context, key: string): ChannelRow {
  const channel = channels.byPublicKey(ctx.db, key);
  if (!channel || channel.kind !== 'webchat' || channel.enabled !== 1) throw errors.channelUnavailable();
  return channel;
}

/** The visitor's identity on a channel: the hash of their long random cookie (the cookie is the secret). */
function visitorKey(ctx: Context): string | null {
  return visitorKeyOf(ctx.req.headers.cookie);
}

/**
 * The visitor of a hello or a send, with a new cookie when they have none. A visitor the channel
 * does not know yet counts against their address's new-visitor limit.
 */
function admittedVisitor(ctx: Context, channel: ChannelRow): string {
  let key = visitorKey(ctx);
  admitVisitor(ctx, channel.id, key, ctx.ip);
  if (!key) {
    const cookie = newVisitorCookie(ctx.config.secureCookies);
    ctx.res.appendHeader('Set-Cookie', cookie.header);
    key = cookie.key;
  }
  greet(ctx, channel.id, key);
  return key;
}

/** What the visitor sees: their messages and the agents' replies, never internal activity. Reads only. */
function transcript(ctx: Context, channel: ChannelRow, key: string | null) {
  const contact = key ? contacts.byIdentity(ctx.db, channel.id, key) : undefined;
  if (!contact) return { visitorName: null, messages: [], rating: null };
  const mine = conversations.forContact(ctx.db, contact.id);
  const all = mine.flatMap((c) => messages.forConversation(ctx.db, c.id));
  // The latest conversation, closed this week on a channel that asks: the page offers a rating (or thanks for it).
  const last = mine.at(-1);
  const rated = last ? ratings.of(ctx.db, last.id) : undefined;
  const rating =
    channel.ask_rating === 1 && last?.status === 'closed' && last.closed_at !== null && ctx.now() - last.closed_at <= RATING_WINDOW_MS
      ? { conversationId: last.id, rated: rated ? { score: rated.score, comment: rated.comment } : null }
      : null;
  return {
    rating,
    visitorName: contact.name.startsWith('Visitor ') ? null : contact.name,
    messages: all.map((m) => ({
      id: m.id,
      direction: m.direction,
      body: m.body,
      authorName: m.author_id ? (users.byId(ctx.db, m.author_id)?.name ?? null) : null,
      at: m.created_at,
      clientId: publicClientId(m.client_id),
      files: files.forMessage(ctx.db, m.id),
    })),
  };
}

function markSeen(ctx: Context, channel: ChannelRow, key: string | null): void {
  const contact = key ? contacts.byIdentity(ctx.db, channel.id, key) : undefined;
  if (contact) markDelivered(ctx, channel.space_id, contact.id);
}

export const webchatRouter = router({
  /** Opens the chat: remembers the visitor by cookie and returns the transcript. */
  hello: publicProcedure.input(webchatInput).mutation(({ ctx, input }) => {
    const channel = channelFor(ctx, input.channelKey);
    const key = admittedVisitor(ctx, channel);
    const shown = transcript(ctx, channel, key);
    markSeen(ctx, channel, key);
    return { channelName: channel.name, ...shown };
  }),
  /** The page has shown the agents' replies: they become delivered (✓✓) for the agents. */
  markSeen: publicProcedure.input(webchatInput).mutation(({ ctx, input }) => {
    markSeen(ctx, channelFor(ctx, input.channelKey), visitorKey(ctx));
    return { ok: true };
  }),
  transcript: publicProcedure.input(webchatInput).query(({ ctx, input }) => {
    const channel = channelFor(ctx, input.channelKey);
    return transcript(ctx, channel, visitorKey(ctx));
  }),
  send: publicProcedure.input(webchatSendInput).mutation(({ ctx, input }) => {
    const channel = channelFor(ctx, input.channelKey);
    const key = admittedVisitor(ctx, channel);
    chargeMessage(ctx, key, ctx.ip);
    const result = receiveMessage(ctx, { channel, externalId: key, name: input.name, body: input.body, fileIds: input.fileIds, clientId: input.clientId });
    return { messageId: result.messageId };
  }),
  /** The customer rates their latest closed conversation (when the channel asks): once, 1–5 and a comment. */
  rate: publicProcedure.input(webchatRateInput).mutation(({ ctx, input }) => {
    const channel = channelFor(ctx, input.channelKey);
    const key = visitorKey(ctx);
    if (!key) throw errors.notFound('This conversation');
    chargeMessage(ctx, key, ctx.ip);
    return rateConversation(ctx, { channel, externalId: key, conversationId: input.conversationId, score: input.score, comment: input.comment ?? null });
  }),
  /** Live: a tick whenever the visitor's conversation changes; the page refetches its transcript. */
  events: publicProcedure.input(webchatInput).subscription(async function* ({ ctx, input, signal }) {
    const channel = channelFor(ctx, input.channelKey);
    const key = visitorKey(ctx);
    if (!key) return;
    // Open streams per visitor and per address are limited: each one holds a connection and a listener.
    const close = openChatStream(ctx, key, ctx.ip);
    try {
      // Only this visitor's events wake this stream (a topic per contact), so an inbound message
      // costs work for the streams of its contact, not for every open chat page of the space.
      let contactId = contacts.byIdentity(ctx.db, channel.id, key)?.id;
      if (!contactId) {
        // Not written yet: wait for the first message to create the contact (listening before looking again).
        const identified = ctx.events.topic(topics.identity(channel.id, key), signal);
        contactId = contacts.byIdentity(ctx.db, channel.id, key)?.id;
        if (!contactId) {
          const first = await identified.next();
          if (first.done || first.value.type !== 'contact.identified') return;
          contactId = first.value.contactId;
        }
        void identified.return(undefined);
        yield { changed: null };
      }
      for await (const event of ctx.events.topic(topics.contact(contactId), signal)) {
        if (event.type === 'conversation.changed') yield { changed: event.conversationId };
      }
    } finally {
      close();
    }
  }),
});
