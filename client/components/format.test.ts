import { describe, expect, it } from 'vitest';
import { channelLabel, dayLabel, duration, fileSize, initials, plural, relativeTime } from './format';

describe('format', () => {
  it.each([
    ['Pricing page', 'Website chat', 'Pricing page · Website chat'],
    ['Website chat', 'Website chat', 'Website chat'],
    ['website chat ', 'Website chat', 'website chat '],
    ['WhatsApp', 'WhatsApp Business', 'WhatsApp'],
    ['Web', 'Website chat', 'Web · Website chat'],
    ['', 'Telegram', ' · Telegram'],
  ])('channelLabel(%j, %j) = %j', (name, kind, expected) => expect(channelLabel(name, kind)).toBe(expected));

  it.each([
    [0, 'conversation', undefined, '0 conversations'],
    [1, 'conversation', undefined, '1 conversation'],
    [2, 'conversation', undefined, '2 conversations'],
    [1, 'reply', 'replies', '1 reply'],
    [3, 'reply', 'replies', '3 replies'],
  ])('plural(%i, %s, %s) = %s', (n, one, many, expected) => expect(plural(n, one, many)).toBe(expected));

  it.each([
    ['Ana María López', 'AL'],
    ['vera', 'V'],
    ['  ', '?'],
    ['Visitor 3F2A', 'V3'],
  ])('initials(%j) = %s', (name, expected) => expect(initials(name)).toBe(expected));

  const now = Date.UTC(2026, 10, 24, 12);
  it.each([
    [now - 10_000, 'now'],
    [now - 5 * 60_000, '5 min'],
    [now - 3 * 3_600_000, '3 h'],
  ])('relativeTime(%i)', (at, expected) => expect(relativeTime(at, now)).toBe(expected));

  it('labels today and yesterday', () => {
    expect(dayLabel(now, now)).toBe('Today');
    expect(dayLabel(now - 86_400_000, now)).toBe('Yesterday');
    expect(dayLabel(now - 10 * 86_400_000, now)).not.toMatch(/Today|Yesterday/);
  });

  it.each([
    [512, '512 B'],
    [2048, '2 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
  ])('fileSize(%i) = %s', (bytes, expected) => expect(fileSize(bytes)).toBe(expected));
});

describe('duration', () => {
  it.each([
    [0, '0 s'],
    [44_600, '45 s'],
    [59_400, '59 s'],
    [60_000, '1 min'],
    [10 * 60_000, '10 min'],
    [59 * 60_000 + 20_000, '59 min'],
    [3_600_000, '1 h'],
    [2.5 * 3_600_000, '2 h 30 min'],
    [24 * 3_600_000, '1 d'],
    [76 * 3_600_000, '3 d 4 h'],
  ])('%d ms reads %s', (ms, words) => expect(duration(ms)).toBe(words));
});
