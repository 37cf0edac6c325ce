import * as Y from 'yjs';
import { compareThreadItems, THREAD_WINDOW } from '../../shared/domain/threadOrder';
import type { DocRef } from '../../shared/sync/docNames';
import { INBOX } from '../../shared/sync/inbox';
import { CONV, QUEUE, type OlderItems, type ThreadItem } from '../../shared/sync/shapes';

function copyMap(from: Y.Doc, to: Y.Doc, name: string, keep: (key: string) => boolean = () => true): void {
  const source = from.getMap<unknown>(name);
  const target = to.getMap<unknown>(name);
  for (const [key, value] of source.entries()) if (keep(key)) target.set(key, value);
}

/**
 * An authority doc rebuilt from what it holds, for a rebase under a new epoch (server/collab,
 * rebaseIfDue): the same records without the history of replaced ones. A conversation keeps its
 * newest THREAD_WINDOW items; the rest stay in SQLite and `conversations.threadPage` pages them
 * in, from the `older` marker on. Every record is a plain JSON value, so a copy is the record.
 */
export function rebuildAuthorityDoc(ref: DocRef, doc: Y.Doc): Y.Doc | null {
  if (ref.kind !== 'queue' && ref.kind !== 'inbox' && ref.kind !== 'conv') return null;
  const fresh = new Y.Doc({ gc: true });
  fresh.transact(() => {
    switch (ref.kind) {
      case 'queue':
        copyMap(doc, fresh, QUEUE.open);
        copyMap(doc, fresh, QUEUE.meta);
        return;
      case 'inbox':
        copyMap(doc, fresh, INBOX.items);
        return;
      case 'conv': {
        const items = [...doc.getMap<ThreadItem>(CONV.items).values()].sort(compareThreadItems);
        const kept = items.slice(-THREAD_WINDOW);
        const target = fresh.getMap<ThreadItem>(CONV.items);
        for (const item of kept) target.set(item.id, item);
        copyMap(doc, fresh, CONV.meta, (key) => key !== CONV.older);
        const before = doc.getMap<unknown>(CONV.meta).get(CONV.older) as OlderItems | undefined;
        const oldest = kept[0];
        // Items were left out now, or by an earlier rebase (then the oldest kept item is still newer than them).
        if (oldest && (kept.length < items.length || before)) {
          fresh.getMap<OlderItems>(CONV.meta).set(CONV.older, { before: { id: oldest.id, at: oldest.at, kind: oldest.kind } });
        }
        return;
      }
    }
  });
  return fresh;
}
