import { beforeEach, describe, expect, it } from 'vitest';
import type { QueueItem } from '../../shared/sync/shapes';
import { FIRST_SCREEN_PREFIX, forgetFirstScreens, readFirstScreen, writeFirstScreen, type FirstScreen } from './queueFirstScreen';

/** Node has no localStorage: a Storage with the browser's contract, that can be made to refuse writes. */
class MemoryStorage {
  items = new Map<string, string>();
  full = false;
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(k, String(v));
  };
  removeItem = (k: string) => void this.items.delete(k);
}
const storage = new MemoryStorage();
Object.defineProperty(globalThis, 'localStorage', {
  configurable: true,
  value: new Proxy(storage, { ownKeys: () => [...storage.items.keys()], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }) }),
});
beforeEach(() => {
  storage.items.clear();
  storage.full = false;
});

const row = (id: string, assigneeId: string | null = null): QueueItem => ({
  id, contactId: `k-${id}`, contactName: `Contact ${id}`, channelKind: 'webchat', channelName: 'Website chat', assigneeId, assigneeName: assigneeId && 'Alice Agent',
  preview: `Hello from ${id}`, lastAt: 1_000, unread: 1, version: 1, openedAt: 900,
});
const screen = (userId = 'alice'): FirstScreen => ({
  userId,
  ids: { All: ['c2', 'c1'], Unassigned: ['c1'], Mine: ['c2'] },
  counts: { All: 2, Unassigned: 1, Mine: 1 },
  rows: { c1: row('c1'), c2: row('c2', 'alice') },
});

describe('the first screen kept for reloads', () => {
  it('is read back per space as written', () => {
    writeFirstScreen('space-a', screen('alice'));
    writeFirstScreen('space-b', screen('bob'));
    expect(readFirstScreen('space-a')).toEqual(screen('alice'));
    expect(readFirstScreen('space-b')?.userId).toBe('bob');
    expect(readFirstScreen('space-c')).toBeNull();
  });

  it('damaged or foreign data reads as nothing (the queue waits for its doc) instead of breaking the queue', () => {
    const cases: unknown[] = [
      '{not json',
      'null',
      '42',
      JSON.stringify({ ...screen(), ids: { All: ['c1'] } }),
      JSON.stringify({ ...screen(), counts: { All: '2', Unassigned: 1, Mine: 1 } }),
      JSON.stringify({ ...screen(), rows: { c1: row('c1') } }), // c2 is listed but has no row
      JSON.stringify({ ...screen(), ids: { All: [7], Unassigned: [], Mine: [] } }),
      JSON.stringify({ ...screen(), userId: 12 }),
    ];
    for (const raw of cases) {
      storage.items.set(`${FIRST_SCREEN_PREFIX}space-a`, raw as string);
      expect(readFirstScreen('space-a'), String(raw)).toBeNull();
    }
  });

  it('a full or refusing storage costs nothing but the shortcut', () => {
    storage.full = true;
    expect(() => writeFirstScreen('space-a', screen())).not.toThrow();
    expect(readFirstScreen('space-a')).toBeNull();
  });

  it('signing out forgets every space\'s first screen and nothing else', () => {
    writeFirstScreen('space-a', screen());
    writeFirstScreen('space-b', screen());
    storage.items.set('kaon:doc-epochs', '{}');
    forgetFirstScreens();
    expect([...storage.items.keys()]).toEqual(['kaon:doc-epochs']);
  });
});
