import type * as Y from 'yjs';
import { DRAFTS, type Draft } from '../../shared/sync/drafts';

/**
 * A member's drafts doc (`s.<space>.user.<me>.drafts`): one draft per contact. Saves are debounced
 * (typing makes one write per pause, not per key) and written inside `doc.transact`; an empty text
 * removes the draft at once (sending clears it). Yjs syncs it to the member's other devices.
 */
export function bindDrafts(doc: Y.Doc, options: { delayMs?: number; now?: () => number } = {}) {
  const delay = options.delayMs ?? 300;
  const now = options.now ?? Date.now;
  const map = doc.getMap<Draft>(DRAFTS.drafts);
  const waiting = new Map<string, { text: string; timer: ReturnType<typeof setTimeout> }>();

  const write = (contactId: string, text: string) => {
    waiting.delete(contactId);
    if (doc.isDestroyed) return;
    const current = map.get(contactId)?.text ?? '';
    if (current === text) return;
    doc.transact(() => {
      if (text.trim() === '') map.delete(contactId);
      else map.set(contactId, { text, at: now() });
    });
  };

  return {
    map,
    /** The draft as the member last typed it (including a save still waiting for its pause). */
    read: (contactId: string) => waiting.get(contactId)?.text ?? map.get(contactId)?.text ?? '',
    save(contactId: string, text: string) {
      clearTimeout(waiting.get(contactId)?.timer);
      if (text.trim() === '') write(contactId, '');
      else waiting.set(contactId, { text, timer: setTimeout(() => write(contactId, text), delay) });
    },
    /** Writes every save still waiting (leaving a conversation must not lose the last keys). */
    flush() {
      for (const [contactId, { text, timer }] of [...waiting]) {
        clearTimeout(timer);
        write(contactId, text);
      }
    },
  };
}
