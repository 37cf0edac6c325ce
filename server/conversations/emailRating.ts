/**
 * Customer satisfaction by e-mail: when a conversation on an e-mail channel that asks for ratings
 * closes (by a member, a workflow or auto-close, as the website chat asks after any close), a
 * short mail goes to the customer through the outbox, threaded as a reply to the conversation's
 * last mail, with five links to Kaon's public rating page (ratingTokens.ts). The thread shows it
 * as a message from Kaon with its delivery status.
 */
import { RATING_WINDOW_MS, ratingMailText } from '../../shared/domain/satisfaction';
import type { ConversationRow } from '../db/conversations';
import { emailMessages } from '../db/email';
import { providerChannels } from '../db/providerChannels';
import { appendMessage } from './core';
import { planEmailPart } from './emailReply';
import { channelBlockedReason } from './outbound';
import { signRatingToken } from './ratingTokens';
import type { Tx } from './transaction';

/** Inside the closing transaction: queues the rating mail when the channel asks for one. */
export function askForEmailRating(tx: Tx, conv: ConversationRow): void {
  const channel = providerChannels.anyInSpace(tx.db, conv.space_id, conv.channel_id);
  if (!channel || channel.kind !== 'email' || channel.ask_rating !== 1 || channelBlockedReason(channel)) return;
  const recipient = providerChannels.identityOf(tx.db, channel.id, conv.contact_id);
  // Only a conversation that is a mail thread: one Kaon opened by replying has a mail too.
  if (!recipient || !emailMessages.lastOf(tx.db, conv.id)) return;
  const body = ratingMailText(channel.name);
  const part = planEmailPart(tx.db, channel, { conversationId: conv.id, body, fileIds: [], recipient, cc: [] });
  part.fromName = channel.name;
  part.rating = { token: signRatingToken(tx.db, conv.id, tx.now + RATING_WINDOW_MS, tx.now) };
  appendMessage(tx, conv, { direction: 'out', authorId: null, body, clientKey: null, fileIds: [], provider: { channelId: channel.id, recipient, body, outbound: { parts: [part] } } });
}
