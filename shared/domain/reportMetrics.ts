import { minutesOf } from './businessHours';
import type { BusinessHours } from './workflowTypes';

/**
 * The Reports module's definitions, pure (Intl only, no clock), so a test can pin each one:
 *
 * - **First response time**: from the conversation's first customer message to the first reply a
 *   member wrote after it. Comments are not messages (they live on the contact); workflow
 *   auto-replies (no author) do not count, so an instant "we got your message" does not hide a
 *   slow team. A conversation an agent opened by writing first starts its clock at the customer's
 *   first message after that.
 * - **Resolution time**: from the conversation's opening to its close.
 * - **Business hours**: when the space has them, only time inside them counts, in the space's time
 *   zone, with each day's hours placed on that day's own clock (a daylight-saving day has 23 or 25
 *   hours; a 09:00–17:00 day is still 8 business hours).
 * - **Median and 90th percentile** by the nearest-rank rule: the value at rank ⌈p/100 · n⌉ of the
 *   sorted values (so the median of an even count is the lower middle value; no interpolation,
 *   every figure shown is a time that really happened). No values: no figure.
 * - **Days** are the space's calendar days: a conversation counts on the day its time falls on
 *   in the space's time zone.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Nearest-rank percentile of ascending `sorted` (p in (0, 100]); null for no values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export interface Spread {
  count: number;
  /** ms; null when there are no values */
  median: number | null;
  p90: number | null;
}

/**
 * The k-th smallest (0-based) of `values[lo..hi]`, rearranging them in place (quickselect,
 * Hoare partition): O(n) on average, so a year of conversations needs no full sort.
 */
export function kthSmallest(values: Float64Array, k: number, lo = 0, hi = values.length - 1): number {
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** Count, median and p90 of `values` (any order; not modified), by the nearest-rank rule. */
export function spreadOf(values: readonly number[] | Float64Array): Spread {
  return spreadInPlace(Float64Array.from(values));
}

/** spreadOf for an array the caller gives up: it is rearranged instead of copied (a year of values is large). */
export function spreadInPlace(copy: Float64Array): Spread {
  const n = copy.length;
  if (n === 0) return { count: 0, median: null, p90: null };
  const rank = (p: number) => Math.min(n, Math.max(1, Math.ceil((p / 100) * n))) - 1;
  const median = kthSmallest(copy, rank(50));
  // After the first select everything above rank(50) is ≥ the median: the p90 is among those.
  const p90 = kthSmallest(copy, rank(90), rank(50), n - 1);
  return { count: n, median, p90 };
}

// One formatter per zone: building one is costly and a report asks for the same zone often.
const formats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(timeZone, format);
  }
  return format;
}

/** How far `timeZone`'s wall clock is ahead of UTC at instant `at`, in ms. */
export function offsetAt(timeZone: string, at: number): number {
  const p: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant the wall clock of `timeZone` shows `date` ('YYYY-MM-DD') at `minute` past midnight.
 * A wall time shown twice (fall back) maps to its first showing; one skipped by a spring-forward
 * change moves later by the gap (02:30 on a day that jumps from 02:00 to 03:00 is 03:30), as
 * Temporal's 'compatible' disambiguation does.
 */
export function zonedInstant(timeZone: string, date: string, minute: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minute * 60_000;
  // The offsets a few hours either side; the earlier one first (the first showing).
  const guess = wall - offsetAt(timeZone, wall);
  const before = offsetAt(timeZone, guess - 3 * HOUR);
  const after = offsetAt(timeZone, guess + 3 * HOUR);
  for (const offset of [before, after]) {
    const at = wall - offset;
    if (offsetAt(timeZone, at) === offset) return at;
  }
  // In a gap: neither offset shows this wall time.
  return wall - before;
}

/** 'YYYY-MM-DD' of the day `n` days after `date`. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The calendar date ('YYYY-MM-DD') instant `at` falls on in `timeZone`. */
export function localDate(timeZone: string, at: number): string {
  return new Date(at + offsetAt(timeZone, at)).toISOString().slice(0, 10);
}

/** Is this a real calendar date written YYYY-MM-DD? */
export function isDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(y, m - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

/** Whole days from `from` to `to` (dates), inclusive of both: 1 for the same day. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;
}

export interface ZonedDay {
  date: string;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** [start, end) instants of the day on the zone's clock */
  start: number;
  end: number;
}

/** The zone's calendar days `from` … `to` (inclusive), each with its real length (23, 24 or 25 hours on DST days). */
export function zonedDays(timeZone: string, from: string, to: string): ZonedDay[] {
  const days: ZonedDay[] = [];
  const count = daysBetween(from, to);
  let start = zonedInstant(timeZone, from, 0);
  for (let i = 0; i < count; i++) {
    const date = addDays(from, i);
    const end = zonedInstant(timeZone, addDays(from, i + 1), 0);
    days.push({ date, weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), start, end });
    start = end;
  }
  return days;
}

/** Index of the day in `days` (sorted, contiguous) containing `at`, or -1 outside them. */
export function dayIndex(days: readonly ZonedDay[], at: number): number {
  let lo = 0;
  let hi = days.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const day = days[mid]!;
    if (at < day.start) hi = mid - 1;
    else if (at >= day.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The wall-clock hour (0–23) of `at` within `day`: arithmetic on 24-hour days, the zone's clock on DST days. */
export function hourIn(timeZone: string, day: ZonedDay, at: number): number {
  if (day.end - day.start === DAY) return Math.min(23, Math.floor((at - day.start) / HOUR));
  return new Date(at + offsetAt(timeZone, at)).getUTCHours();
}

/**
 * Business time between two instants, from a calendar of the business intervals built once for
 * the span a report covers: `between(a, b)` is a binary search, not a walk over the days.
 */
export interface BusinessClock {
  /** ms of business time in [a, b) (0 when b ≤ a) */
  between(a: number, b: number): number;
}

/** Calendar time: every millisecond counts. */
export const ALWAYS: BusinessClock = { between: (a, b) => Math.max(0, b - a) };

/** A clock counting only `hours` for instants in [from, to]; null hours = calendar time. */
export function businessClock(hours: BusinessHours | null, from: number, to: number): BusinessClock {
  if (!hours) return ALWAYS;
  const tz = hours.timeZone;
  const starts: number[] = [];
  const ends: number[] = [];
  const before: number[] = [];
  let total = 0;
  const first = addDays(localDate(tz, from), -1);
  const count = daysBetween(first, addDays(localDate(tz, to), 1));
  for (let i = 0; i < count; i++) {
    const date = addDays(first, i);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const ranges = (hours.days[weekday] ?? [])
      .map(([s, e]) => [minutesOf(s), minutesOf(e)] as const)
      .filter((r): r is readonly [number, number] => r[0] !== null && r[1] !== null && r[0] < r[1])
      .sort((a, b) => a[0] - b[0]);
    for (const [s, e] of ranges) {
      const start = zonedInstant(tz, date, s);
      const end = zonedInstant(tz, date, e);
      if (end <= start) continue;
      starts.push(start);
      ends.push(end);
      before.push(total);
      total += end - start;
    }
  }
  // Business time from the calendar's start up to `t`.
  const upTo = (t: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return 0;
    return before[found]! + Math.min(t, ends[found]!) - starts[found]!;
  };
  return { between: (a, b) => (b <= a ? 0 : upTo(b) - upTo(a)) };
}

/** A CSV cell: quoted when it holds a comma, quote or line break, with quotes doubled; a leading =+-@ is defused for spreadsheets. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text (CRLF line ends, as RFC 4180 says). */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
