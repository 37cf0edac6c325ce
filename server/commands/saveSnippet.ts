import { newId } from '../db/ids';
import { snippets } from '../db/snippets';
import { errors } from '../errors';
import type { CommandDeps } from './types';

export interface SnippetFields {
  name: string;
  shortcut: string;
  body: string;
}

/** Creates (no id) or updates a snippet; a shortcut is unique in its space. Bodies are validated by the schema. */
export function saveSnippet(deps: CommandDeps, input: { spaceId: string; userId: string; snippetId?: string; fields: SnippetFields }) {
  const saved = deps.db.transaction(() => {
    const now = deps.now();
    const clash = snippets.byShortcut(deps.db, input.spaceId, input.fields.shortcut);
    if (clash && clash.id !== input.snippetId) throw errors.badRequest(`shortcut: /${input.fields.shortcut} is already used by “${clash.name}”.`);
    if (input.snippetId) {
      if (!snippets.inSpace(deps.db, input.spaceId, input.snippetId)) throw errors.notFound('This snippet');
      snippets.update(deps.db, input.snippetId, input.fields, now);
      return snippets.inSpace(deps.db, input.spaceId, input.snippetId)!;
    }
    const row = { id: newId(), space_id: input.spaceId, ...input.fields, created_by: input.userId, created_at: now, updated_at: now };
    snippets.insert(deps.db, row);
    return row;
  })();
  deps.events.publish(input.spaceId, { type: 'snippets.changed' });
  return saved;
}
