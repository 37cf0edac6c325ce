import { channelCreateInput } from '../../shared/schemas/messagesSchema';
import { createWebchatChannel } from '../commands/createWebchatChannel';
import { channels } from '../db/channels';
import { allowed, memberProcedure, router } from '../trpc/init';

/** Every channel of the space, with the website chats' public links (provider channels: providerChannels.*). */
export const channelsRouter = router({
  /** Channels with their public chat link; never any secret. */
  list: memberProcedure.query(({ ctx }) =>
    channels.list(ctx.db, ctx.spaceId).map((c) => ({ id: c.id, kind: c.kind, name: c.name, enabled: c.enabled === 1, chatPath: c.public_key ? `/chat/${c.public_key}` : null })),
  ),
  createWebchat: allowed('channels.manage')
    .input(channelCreateInput)
    .mutation(({ ctx, input }) => {
      const c = createWebchatChannel(ctx, ctx.spaceId, input.name);
      return { id: c.id, name: c.name, chatPath: `/chat/${c.public_key}` };
    }),
});
