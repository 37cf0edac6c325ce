import type { QueueItem } from '../../shared/sync/shapes';

/**
 * The queue's first screen as last seen (the newest rows of each tab and the counts), kept in
 * localStorage so a reload shows it at once, before IndexedDB has handed the whole queue doc
 * back (hundreds of milliseconds at thousands of conversations). The live doc replaces it as
 * soon as it is loaded. Removed on sign-out with the local copies (forgetLocalDocs).
 */
export interface FirstScreen {
  userId: string | undefined;
  ids: { All: string[]; Unassigned: string[]; Mine: string[] };
  counts: { All: number; Unassigned: number; Mine: number };
  rows: Record<string, QueueItem>;
}

/** Rows per tab: more than any screen shows. */
export const FIRST_SCREEN_ROWS = 40;
export const FIRST_SCREEN_PREFIX = 'kaon:first-screen:';

export function readFirstScreen(spaceId: string): FirstScreen | null {
  try {
    const raw = localStorage.getItem(FIRST_SCREEN_PREFIX + spaceId);
    return raw ? (JSON.parse(raw) as FirstScreen) : null;
  } catch {
    return null;
  }
}

export function writeFirstScreen(spaceId: string, screen: FirstScreen): void {
  try {
    localStorage.setItem(FIRST_SCREEN_PREFIX + spaceId, JSON.stringify(screen));
  } catch {
    // Storage full or unavailable: the next reload waits for IndexedDB, nothing worse.
  }
}

/** Signing out: the next person on this browser must not see this member's queue. */
export function forgetFirstScreens(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(FIRST_SCREEN_PREFIX)) localStorage.removeItem(key);
  } catch {
    // Storage unavailable: nothing was kept there either.
  }
}
