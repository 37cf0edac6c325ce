import { snippetCreateInput, snippetDeleteInput, snippetUpdateInput } from '../../shared/schemas/snippetsSchema';
import { deleteSnippet } from '../commands/deleteSnippet';
import { saveSnippet } from '../commands/saveSnippet';
import type { FileRef } from '../../shared/sync/shapes';
import { snippets, type SnippetRow } from '../db/snippets';
import { allowed, router } from '../trpc/init';

const view = (s: SnippetRow, files: FileRef[]) => ({ id: s.id, name: s.name, shortcut: s.shortcut, body: s.body, files, updatedAt: s.updated_at });
const viewSaved = (s: SnippetRow & { files: FileRef[] }) => view(s, s.files);

/** Everyone uses snippets; only owners and managers create, edit or delete them. */
export const snippetsRouter = router({
  list: allowed('snippets.use').query(({ ctx }) => {
    const files = snippets.filesInSpace(ctx.db, ctx.spaceId);
    return snippets.list(ctx.db, ctx.spaceId).map((s) => view(s, files.get(s.id) ?? []));
  }),
  create: allowed('snippets.manage')
    .input(snippetCreateInput)
    .mutation(({ ctx, input }) =>
      viewSaved(
        saveSnippet(ctx, {
          spaceId: ctx.spaceId,
          userId: ctx.user.id,
          fields: { name: input.name, shortcut: input.shortcut, body: input.body },
          fileIds: input.fileIds,
        }),
      ),
    ),
  update: allowed('snippets.manage')
    .input(snippetUpdateInput)
    .mutation(({ ctx, input }) =>
      viewSaved(
        saveSnippet(ctx, {
          spaceId: ctx.spaceId,
          userId: ctx.user.id,
          snippetId: input.snippetId,
          fields: { name: input.name, shortcut: input.shortcut, body: input.body },
          fileIds: input.fileIds,
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
