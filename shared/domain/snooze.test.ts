import { describe, expect, it } from 'vitest';
import { autoCloseRefusal, snoozeRefusal, snoozeUntilText, SNOOZE_MAX_MS } from './snooze';

const now = Date.UTC(2026, 11, 1, 12, 0);

describe('snoozeRefusal', () => {
  it.each([
    [null, null],
    [now + 60_000, null],
    [now + SNOOZE_MAX_MS, null],
    [now + 59_000, 'Choose a time at least a minute from now.'],
    [now - 3_600_000, 'Choose a time at least a minute from now.'],
    [now + SNOOZE_MAX_MS + 1, 'A conversation can be snoozed for a year at most.'],
    [Number.NaN, 'Choose when the conversation should come back.'],
    [Number.POSITIVE_INFINITY, 'Choose when the conversation should come back.'],
  ])('%s → %s', (until, refusal) => expect(snoozeRefusal(until, now)).toBe(refusal));
});

describe('autoCloseRefusal', () => {
  it.each([
    [null, null],
    [1, null],
    [2160, null],
    [0, 'Enter a whole number of hours, 1 or more.'],
    [-5, 'Enter a whole number of hours, 1 or more.'],
    [1.5, 'Enter a whole number of hours, 1 or more.'],
    [2161, 'At most 2160 hours (90 days).'],
  ])('%s → %s', (hours, refusal) => expect(autoCloseRefusal(hours)).toBe(refusal));
});

describe('snoozeUntilText', () => {
  it('says the time in the space time zone, and names the zone', () => {
    expect(snoozeUntilText(Date.UTC(2026, 11, 2, 8, 0), 'Europe/Paris')).toBe('until Wed 2 Dec, 09:00 (Europe/Paris)');
    expect(snoozeUntilText(Date.UTC(2026, 11, 2, 8, 0))).toBe('until Wed 2 Dec, 08:00 (UTC)');
    // Across the DST change: 1 Jul is summer time in Paris.
    expect(snoozeUntilText(Date.UTC(2026, 6, 1, 8, 0), 'Europe/Paris')).toBe('until Wed 1 Jul, 10:00 (Europe/Paris)');
  });
  it('a snooze without a time waits for the customer', () => expect(snoozeUntilText(null)).toBe('until the customer writes'));
});
