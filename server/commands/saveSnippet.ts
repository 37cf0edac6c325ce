import { files } from '../db/files';
import { newId } from '../db/ids';
import { snippets } from '../db/snippets';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

export interface SnippetFields {
  name: string;
  shortcut: string;
  body: string;
}

/**
 * Creates (no id) or updates a snippet; a shortcut is unique in its space. Bodies, the file limit and
 * duplicates are validated by the schema; here each file must be a member's upload in this space.
 * `fileIds` undefined keeps the snippet's files (an update from a script that does not know them).
 */
export function saveSnippet(
  deps: CommandDeps,
  input: { spaceId: string; userId: string; snippetId?: string; fields: SnippetFields; fileIds?: readonly string[] | undefined },
) {
  const saved = deps.db.transaction(() => {
    const now = deps.now();
    const clash = snippets.byShortcut(deps.db, input.spaceId, input.fields.shortcut);
    if (clash && clash.id !== input.snippetId) throw errors.badRequest(`shortcut: /${input.fields.shortcut} is already used by “${clash.name}”.`);
    for (const fileId of input.fileIds ?? []) {
      // Another space's file and a visitor's upload are refused alike: never confirm they exist.
      const file = files.inSpace(deps.db, input.spaceId, fileId);
      if (!file || file.uploaded_by_user === null) throw errors.notFound(`fileIds: The file ${fileId}`);
    }
    let row;
    if (input.snippetId) {
      if (!snippets.inSpace(deps.db, input.spaceId, input.snippetId)) throw errors.notFound('This snippet');
      snippets.update(deps.db, input.snippetId, input.fields, now);
      row = snippets.inSpace(deps.db, input.spaceId, input.snippetId)!;
    } else {
      row = { id: newId(), space_id: input.spaceId, ...input.fields, created_by: input.userId, created_at: now, updated_at: now };
      snippets.insert(deps.db, row);
    }
    if (input.fileIds) snippets.setFiles(deps.db, row.id, input.fileIds);
    return { ...row, files: snippets.files(deps.db, row.id) };
  })();
  deps.events.publish(input.spaceId, { type: 'snippets.changed' });
  return saved;
}
