/** Where an item sits in a conversation's thread. */
export interface ThreadPosition {
  id: string;
  at: number;
  kind: 'message' | 'activity';
}

/**
 * The thread's one order, on the server (paging, the doc's window) and in the browser: time; at
 * the same instant the activity line ("took this by replying") before the message that caused
 * it; then id, so every item has exactly one place.
 */
export function compareThreadItems(a: ThreadPosition, b: ThreadPosition): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.kind !== b.kind) return a.kind === 'activity' ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** How many of a thread's newest items its conversation doc keeps after a rebase; older ones are paged in (conversations.threadPage). */
export const THREAD_WINDOW = 200;

/** Most items one page of older thread items holds. */
export const THREAD_PAGE_MAX = 100;
