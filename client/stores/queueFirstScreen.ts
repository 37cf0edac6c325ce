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
    const screen: unknown = raw ? JSON.parse(raw) : null;
    // Written by an older Kaon or damaged: show nothing rather than break the queue.
    return isFirstScreen(screen) ? screen : null;
  } catch {
    return null;
  }
}

const TABS = ['All', 'Unassigned', 'Mine'] as const;

function isFirstScreen(value: unknown): value is FirstScreen {
  if (!value || typeof value !== 'object') return false;
  const s = value as Partial<Record<keyof FirstScreen, unknown>>;
  const ids = s.ids as Record<string, unknown> | undefined;
  const counts = s.counts as Record<string, unknown> | undefined;
  const rows = s.rows as Record<string, unknown> | undefined;
  if (!ids || !counts || !rows || typeof rows !== 'object') return false;
  if (s.userId !== undefined && typeof s.userId !== 'string') return false;
  return TABS.every(
    (tab) =>
      Array.isArray(ids[tab]) &&
      typeof counts[tab] === 'number' &&
      (ids[tab] as unknown[]).every((id) => typeof id === 'string' && typeof (rows[id] as { id?: unknown } | undefined)?.id === 'string'),
  );
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
