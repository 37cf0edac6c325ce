import { describe, expect, it } from 'vitest';
import { businessClock, csvCell, kthSmallest, dayIndex, daysBetween, hourIn, isDate, localDate, percentile, spreadOf, toCsv, zonedDays, zonedInstant } from './reportMetrics';
import type { BusinessHours } from './workflowTypes';

const H = 3_600_000;
const M = 60_000;
const utc = (iso: string) => Date.parse(iso);

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 50, null],
    [[7], 50, 7],
    [[7], 90, 7],
    [[1, 2], 50, 1], // even count: the lower middle value, no interpolation
    [[1, 2, 3], 50, 2],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90, 10], // ⌈9.9⌉ = 10th value
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 100, 10],
  ])('%j at p%d is %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('spreadOf sorts numerically without changing its input', () => {
    const values = [30 * M, 2 * M, 10 * H, 5 * M];
    expect(spreadOf(values)).toEqual({ count: 4, median: 5 * M, p90: 10 * H });
    expect(values[0]).toBe(30 * M);
    expect(spreadOf([])).toEqual({ count: 0, median: null, p90: null });
  });

  it('quickselect agrees with a full sort on random, duplicate-heavy and sorted inputs', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const inputs = [
      Array.from({ length: 1001 }, () => Math.floor(rand() * 1e6)),
      Array.from({ length: 500 }, () => Math.floor(rand() * 3)),
      Array.from({ length: 300 }, (_, i) => i),
      Array.from({ length: 300 }, (_, i) => 300 - i),
      [5, 5, 5, 5],
    ];
    for (const values of inputs) {
      const sorted = [...values].sort((a, b) => a - b);
      expect(spreadOf(values)).toEqual({ count: values.length, median: percentile(sorted, 50), p90: percentile(sorted, 90) });
      for (const k of [0, Math.floor(values.length / 3), values.length - 1]) expect(kthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
    }
  });
});

describe('days in the space time zone', () => {
  it.each([
    // zone, date, hours in the day
    ['Europe/Berlin', '2026-03-29', 23], // spring forward
    ['Europe/Berlin', '2026-10-25', 25], // fall back
    ['Europe/Berlin', '2026-06-01', 24],
    ['America/New_York', '2026-03-08', 23],
    ['America/New_York', '2026-11-01', 25],
    ['Asia/Kolkata', '2026-03-29', 24],
    ['UTC', '2026-03-29', 24],
  ])('%s %s has %d hours', (zone, date, hours) => {
    const [day] = zonedDays(zone, date, date);
    expect((day!.end - day!.start) / H).toBe(hours);
  });

  it('a day starts at local midnight and weekdays follow the calendar', () => {
    const days = zonedDays('Europe/Berlin', '2026-03-28', '2026-03-30');
    expect(days.map((d) => [d.date, d.weekday, new Date(d.start).toISOString()])).toEqual([
      ['2026-03-28', 6, '2026-03-27T23:00:00.000Z'],
      ['2026-03-29', 0, '2026-03-28T23:00:00.000Z'],
      ['2026-03-30', 1, '2026-03-29T22:00:00.000Z'],
    ]);
    // Contiguous: each day ends where the next begins.
    expect(days[0]!.end).toBe(days[1]!.start);
    expect(dayIndex(days, utc('2026-03-29T22:30:00Z'))).toBe(2);
    expect(dayIndex(days, utc('2026-03-27T22:59:59Z'))).toBe(-1);
    expect(localDate('Asia/Kolkata', utc('2026-03-29T18:29:00Z'))).toBe('2026-03-29');
    expect(localDate('Asia/Kolkata', utc('2026-03-29T18:30:00Z'))).toBe('2026-03-30');
  });

  it('wall-clock hours on daylight-saving days', () => {
    const [spring] = zonedDays('Europe/Berlin', '2026-03-29', '2026-03-29');
    expect(hourIn('Europe/Berlin', spring!, utc('2026-03-29T00:30:00Z'))).toBe(1);
    expect(hourIn('Europe/Berlin', spring!, utc('2026-03-29T01:30:00Z'))).toBe(3); // 02:xx never happens
    const [fall] = zonedDays('Europe/Berlin', '2026-10-25', '2026-10-25');
    expect(hourIn('Europe/Berlin', fall!, utc('2026-10-25T00:30:00Z'))).toBe(2);
    expect(hourIn('Europe/Berlin', fall!, utc('2026-10-25T01:30:00Z'))).toBe(2); // 02:xx happens twice
    expect(hourIn('Europe/Berlin', fall!, utc('2026-10-25T22:59:00Z'))).toBe(23);
  });

  it.each([
    ['Europe/Berlin', '2026-10-25', 150, '2026-10-25T00:30:00.000Z'], // 02:30 shown twice: the first
    ['Europe/Berlin', '2026-03-29', 150, '2026-03-29T01:30:00.000Z'], // 02:30 never shown: 03:30
    ['America/New_York', '2026-07-04', 9 * 60, '2026-07-04T13:00:00.000Z'],
  ])('zonedInstant %s %s minute %d', (zone, date, minute, iso) => {
    expect(new Date(zonedInstant(zone, date, minute)).toISOString()).toBe(iso);
  });

  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['26-01-01', false],
    ['2026-1-01', false],
  ])('isDate(%s) is %s', (date, ok) => expect(isDate(date)).toBe(ok));

  it('daysBetween counts both ends', () => {
    expect(daysBetween('2026-01-01', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(365);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(3);
  });
});

describe('business time', () => {
  const weekdays = (timeZone: string): BusinessHours => ({
    timeZone,
    days: { 1: [['09:00', '17:00']], 2: [['09:00', '17:00']], 3: [['09:00', '17:00']], 4: [['09:00', '17:00']], 5: [['09:00', '12:00'], ['13:00', '17:00']] },
  });
  const span = (hours: BusinessHours | null, a: string, b: string) => businessClock(hours, utc(a), utc(b)).between(utc(a), utc(b));

  it.each([
    ['no business hours: calendar time', null, '2026-06-05T14:00:00Z', '2026-06-08T08:00:00Z', 66 * H],
    ['inside one day', weekdays('UTC'), '2026-06-01T10:00:00Z', '2026-06-01T10:25:00Z', 25 * M],
    ['before opening to after opening', weekdays('UTC'), '2026-06-01T07:00:00Z', '2026-06-01T09:30:00Z', 30 * M],
    ['entirely at night', weekdays('UTC'), '2026-06-01T18:00:00Z', '2026-06-02T08:59:00Z', 0],
    ['Friday afternoon to Monday morning', weekdays('UTC'), '2026-06-05T16:00:00Z', '2026-06-08T10:00:00Z', 2 * H],
    ['Friday lunch break is not counted', weekdays('UTC'), '2026-06-05T11:00:00Z', '2026-06-05T14:00:00Z', 2 * H],
    ['in the space zone, not UTC', weekdays('Europe/Berlin'), '2026-06-01T06:00:00Z', '2026-06-01T08:00:00Z', 1 * H], // 08:00–10:00 Berlin
    ['a whole week', weekdays('America/New_York'), '2026-06-01T00:00:00Z', '2026-06-08T00:00:00Z', 39 * H],
    ['reversed instants', weekdays('UTC'), '2026-06-01T12:00:00Z', '2026-06-01T10:00:00Z', 0],
  ])('%s', (_name, hours, a, b, expected) => {
    expect(span(hours, a, b)).toBe(expected);
  });

  it.each([
    // Open all Sunday, around the day the clocks change: the business day has the day's real length.
    ['Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 23 * H],
    ['Europe/Berlin', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 25 * H],
    ['America/New_York', '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z', 23 * H],
  ])('a 24-hour Sunday in %s across the DST change', (timeZone, a, b, expected) => {
    const sunday: BusinessHours = { timeZone, days: { 0: [['00:00', '24:00']] } };
    expect(span(sunday, a, b)).toBe(expected);
    // 09:00–17:00 on that Sunday is still eight hours.
    expect(span({ timeZone, days: { 0: [['09:00', '17:00']] } }, a, b)).toBe(8 * H);
  });

  it('one clock answers many spans inside what it was built for', () => {
    const clock = businessClock(weekdays('UTC'), utc('2026-06-01T00:00:00Z'), utc('2026-06-30T00:00:00Z'));
    expect(clock.between(utc('2026-06-01T09:00:00Z'), utc('2026-06-01T17:00:00Z'))).toBe(8 * H);
    expect(clock.between(utc('2026-06-08T16:30:00Z'), utc('2026-06-09T09:30:00Z'))).toBe(60 * M);
  });
});

describe('CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['-1', "'-1"],
    [-1, '-1'],
    [1.5, '1.5'],
    [null, ''],
  ])('%j → %s', (value, cell) => expect(csvCell(value)).toBe(cell));

  it('rows end with CRLF', () => {
    expect(toCsv(['day', 'opened'], [['2026-06-01', 3]])).toBe('day,opened\r\n2026-06-01,3\r\n');
  });
});
