/**
 * Snooze and auto-close rules (pure; the server decides with them, the client offers the same).
 * A snoozed conversation leaves the queue until a time or, with no time, until the customer
 * writes; the customer writing always brings it back.
 */
export const SNOOZE_MIN_MS = 60_000;
export const SNOOZE_MAX_MS = 366 * 24 * 3_600_000;
export const AUTO_CLOSE_MAX_HOURS = 90 * 24;

/** Why `until` cannot be a snooze's end (null = it can); null `until` = until the customer writes. */
export function snoozeRefusal(until: number | null, now: number): string | null {
  if (until === null) return null;
  if (!Number.isFinite(until)) return 'Choose when the conversation should come back.';
  if (until < now + SNOOZE_MIN_MS) return 'Choose a time at least a minute from now.';
  if (until > now + SNOOZE_MAX_MS) return 'A conversation can be snoozed for a year at most.';
  return null;
}

/** Why an auto-close setting is refused (null = fine); null hours = off. */
export function autoCloseRefusal(hours: number | null): string | null {
  if (hours === null) return null;
  if (!Number.isInteger(hours) || hours < 1) return 'Enter a whole number of hours, 1 or more.';
  if (hours > AUTO_CLOSE_MAX_HOURS) return `At most ${AUTO_CLOSE_MAX_HOURS} hours (90 days).`;
  return null;
}

/** "until Wed 2 Dec, 09:00 (Europe/Paris)" in the space's time zone, or "until the customer writes". */
export function snoozeUntilText(until: number | null, timeZone = 'UTC'): string {
  if (until === null) return 'until the customer writes';
  const when = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(until);
  return `until ${when.replace(/ at /, ', ')} (${timeZone})`;
}
