import { askRatingInput, channelCreateInput } from '../../shared/schemas/messagesSchema';
import { errors } from '../errors';
import { createWebchatChannel } from '../commands/createWebchatChannel';
import { channels } from '../db/channels';
import { allowed, memberProcedure, router } from '../trpc/init';

/** Every channel of the space, with the website chats' public links (provider channels: providerChannels.*). */
export const channelsRouter = router({
  /** Channels with their public chat link; never any secret. */
  list: memberProcedure.query(({ ctx }) =>
    channels
      .list(ctx.db, ctx.spaceId)
      .map((c) => ({ id: c.id, kind: c.kind, name: c.name, enabled: c.enabled === 1, chatPath: c.public_key ? `/chat/${c.public_key}` : null, askRating: c.ask_rating === 1 })),
  ),
  /** Whether the channel asks customers to rate a conversation after it is closed (website chat, e-mail). */
  setAskRating: allowed('channels.manage')
    .input(askRatingInput)
    .mutation(({ ctx, input }) => {
      const channel = channels.inSpace(ctx.db, ctx.spaceId, input.channelId);
      if (!channel) throw errors.notFound('This channel');
      if (channel.kind !== 'webchat' && channel.kind !== 'email') throw errors.badRequest('Only website chat and e-mail channels can ask for ratings for now.');
      channels.setAskRating(ctx.db, channel.id, input.askRating);
      ctx.events.publish(ctx.spaceId, { type: 'channels.changed' });
      return { askRating: input.askRating };
    }),
  createWebchat: allowed('channels.manage')
    .input(channelCreateInput)
    .mutation(({ ctx, input }) => {
      const c = createWebchatChannel(ctx, ctx.spaceId, input.name);
      return { id: c.id, name: c.name, chatPath: `/chat/${c.public_key}` };
    }),
});
