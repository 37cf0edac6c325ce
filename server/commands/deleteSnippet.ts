import { snippets } from '../db/snippets';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

export function deleteSnippet(deps: CommandDeps, spaceId: string, snippetId: string) {
  deps.db.transaction(() => {
    if (!snippets.inSpace(deps.db, spaceId, snippetId)) throw errors.notFound('This snippet');
    snippets.delete(deps.db, snippetId);
  })();
  deps.events.publish(spaceId, { type: 'snippets.changed' });
}
