import { beforeEach, describe, expect, it } from 'vitest';
import { loadFilters, presetRange, saveFilters } from './reportsStore';

// Node has no localStorage: a Map behind the same methods.
const items = new Map<string, string>();
Object.defineProperty(globalThis, 'localStorage', {
  configurable: true,
  value: { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) },
});
beforeEach(() => items.clear());

describe('report ranges and remembered filters', () => {
  const now = Date.parse('2026-03-29T22:30:00Z'); // already Monday 30 March in Berlin
  it.each([
    ['today', 'Europe/Berlin', { from: '2026-03-30', to: '2026-03-30' }],
    ['today', 'UTC', { from: '2026-03-29', to: '2026-03-29' }],
    ['7d', 'Europe/Berlin', { from: '2026-03-24', to: '2026-03-30' }],
    ['30d', 'UTC', { from: '2026-02-28', to: '2026-03-29' }],
  ] as const)('%s in %s', (preset, zone, range) => expect(presetRange(preset, now, zone)).toEqual(range));

  it('remembers a custom range, channel and agent per space', () => {
    saveFilters('s1', { preset: 'custom', from: '2026-01-01', to: '2026-01-31', channelId: 'ch', memberId: 'me' });
    expect(loadFilters('s1')).toEqual({ preset: 'custom', from: '2026-01-01', to: '2026-01-31', channelId: 'ch', memberId: 'me' });
    expect(loadFilters('s2').preset).toBe('7d');
  });

  it('a remembered preset is re-read as of today', () => {
    saveFilters('s1', { preset: 'today', from: '2020-01-01', to: '2020-01-01', channelId: null, memberId: null });
    expect(loadFilters('s1')).toMatchObject({ preset: 'today', ...presetRange('today') });
  });

  it.each(['not json', '[1,2]', '{"preset":"forever","channelId":5}', 'null'])('garbage (%s) falls back to the last 7 days', (raw) => {
    items.set('kaon:reports:s1', raw);
    expect(loadFilters('s1')).toEqual({ preset: '7d', ...presetRange('7d'), channelId: null, memberId: null });
  });
});
