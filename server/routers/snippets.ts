import { snippetCreateInput, snippetDeleteInput, snippetUpdateInput } from '../../shared/schemas/snippets';
import { deleteSnippet } from '../commands/deleteSnippet';
import { saveSnippet } from '../commands/saveSnippet';
import { snippets, type SnippetRow } from '../db/snippets';
import { allowed, router } from '../trpc/init';

const view = (s: SnippetRow) => ({ id: s.id, name: s.name, shortcut: s.shortcut, body: s.body, updatedAt: s.updated_at });

/** Everyone uses snippets; only owners and managers create, edit or delete them. */
export const snippetsRouter = router({
  list: allowed('snippets.use').query(({ ctx }) => snippets.list(ctx.db, ctx.spaceId).map(view)),
  create: allowed('snippets.manage')
    .input(snippetCreateInput)
    .mutation(({ ctx, input }) =>
      view(saveSnippet(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id, fields: { name: input.name, shortcut: input.shortcut, body: input.body } })),
    ),
  update: allowed('snippets.manage')
    .input(snippetUpdateInput)
    .mutation(({ ctx, input }) =>
      view(
        saveSnippet(ctx, {
          spaceId: ctx.spaceId,
          userId: ctx.user.id,
          snippetId: input.snippetId,
          fields: { name: input.name, shortcut: input.shortcut, body: input.body },
        }),
      ),
    ),
  delete: allowed('snippets.manage')
    .input(snippetDeleteInput)
    .mutation(({ ctx, input }) => {
      deleteSnippet(ctx, ctx.spaceId, input.snippetId);
      return { ok: true };
    }),
});
