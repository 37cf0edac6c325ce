import type { BusinessHours } from './workflowTypes';

/**
 * Business hours in the space's time zone, through Intl only (no date library, no clock):
 * the same `now` always gives the same answer, in the browser and on the server.
 */
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** 'HH:MM' → minutes since midnight; '24:00' is allowed as the end of a day. Null when malformed. */
export function minutesOf(time: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/** Is this an IANA time zone the runtime knows? */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

// Building a DateTimeFormat is costly; the engine asks for the same zone over and over.
const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    // The schema refuses unknown zones; one that slipped in (old data) reads as UTC rather than
    // throwing inside the command that triggered the workflow.
    const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  return format;
}

/** The weekday (0 = Sunday) and minute of the day that `now` is in `timeZone`. */
export function localTime(timeZone: string, now: number): { day: number; minute: number } {
  const parts = Object.fromEntries(formatFor(timeZone).formatToParts(now).map((p) => [p.type, p.value]));
  // Some runtimes still print midnight as 24 under h23; it is 0.
  const hour = Number(parts.hour) % 24;
  return { day: WEEKDAYS[parts.weekday ?? ''] ?? 0, minute: hour * 60 + Number(parts.minute) };
}

/** Business-hours check using Intl (timeZone), pure given `now`. No hours set = always inside. */
export function isWithinBusinessHours(hours: BusinessHours | null, now: number): boolean {
  if (!hours) return true;
  const { day, minute } = localTime(hours.timeZone, now);
  return (hours.days[day] ?? []).some(([start, end]) => {
    const from = minutesOf(start);
    const to = minutesOf(end);
    return from !== null && to !== null && from <= minute && minute < to;
  });
}
