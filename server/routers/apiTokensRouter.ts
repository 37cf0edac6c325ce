import { apiTokenCreateInput, apiTokenRevokeInput } from '../../shared/schemas/authSchema';
import { createApiToken } from '../commands/createApiToken';
import { revokeApiToken } from '../commands/revokeApiToken';
import { apiTokens } from '../db/apiTokens';
import { allowed, router } from '../trpc/init';

export const apiTokensRouter = router({
  list: allowed('apiTokens.manage').query(({ ctx }) =>
    apiTokens.list(ctx.db, ctx.spaceId).map((t) => ({ id: t.id, name: t.name, createdBy: t.created_by, createdAt: t.created_at, lastUsedAt: t.last_used_at })),
  ),
  /** The token is in this answer and nowhere else, ever. */
  create: allowed('apiTokens.manage')
    .input(apiTokenCreateInput)
    .mutation(({ ctx, input }) => createApiToken(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id, name: input.name })),
  revoke: allowed('apiTokens.manage')
    .input(apiTokenRevokeInput)
    .mutation(({ ctx, input }) => {
      revokeApiToken(ctx, ctx.spaceId, input.tokenId);
      return { ok: true };
    }),
});
