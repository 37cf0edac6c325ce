import { ratingRefusal, ratingText } from '../../shared/domain/satisfaction';
import { addActivity } from '../conversations/core';
import { transact } from '../conversations/transaction';
import type { ChannelRow } from '../db/channels';
import { contacts } from '../db/contacts';
import { conversations } from '../db/conversations';
import { ratings } from '../db/ratings';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/**
 * The customer rates their closed conversation (when the channel asks): once, within a week of the
 * close; stored with an activity line the agents read in the thread. Website chat names the
 * customer by their visitor identity (`externalId`); e-mail by the signed link of the rating mail
 * (`externalId` null: the link itself named this one conversation, see ratingTokens.ts).
 */
export function rateConversation(deps: CommandDeps, input: { channel: ChannelRow; externalId: string | null; conversationId: string; score: number; comment: string | null }) {
  const spaceId = input.channel.space_id;
  return transact(deps, (tx) => {
    if (input.channel.ask_rating !== 1) throw errors.badRequest(input.channel.kind === 'webchat' ? 'This chat does not ask for ratings.' : 'This conversation can no longer be rated here.');
    const conv = conversations.inSpace(tx.db, spaceId, input.conversationId);
    const contact =
      input.externalId === null
        ? conv && conv.channel_id === input.channel.id
          ? contacts.inSpace(tx.db, spaceId, conv.contact_id)
          : undefined
        : contacts.byIdentity(tx.db, input.channel.id, input.externalId);
    // Only the customer's own conversation: any other id is "not found", whoever asks.
    if (!contact || !conv || conv.contact_id !== contact.id) throw errors.notFound('This conversation');
    const refused = ratingRefusal({ status: conv.status, closedAt: conv.closed_at, rated: ratings.of(tx.db, conv.id) !== undefined }, tx.now);
    if (refused) throw errors.badRequest(refused);
    const comment = input.comment?.trim() || null;
    ratings.insert(tx.db, { conversation_id: conv.id, space_id: spaceId, contact_id: contact.id, channel_id: input.channel.id, score: input.score, comment, created_at: tx.now });
    addActivity(tx, conv, ratingText(contact.name, input.score, comment));
    return { score: input.score, comment };
  });
}
