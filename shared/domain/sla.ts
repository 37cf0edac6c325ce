import { minutesOf } from './businessHours';
import { addDays, localDate, zonedInstant } from './reportMetrics';
import type { BusinessHours } from './workflowTypes';

/**
 * SLA rules, pure (Intl only, no clock), used by the server to keep each conversation's due
 * times and by the client to show time left:
 *
 * - **First response**: from the customer's first message to the first reply a member writes
 *   (workflow auto-replies, which have no author, do not count, as in the reports).
 * - **Next response**: each time the customer writes after a member's reply, the next member
 *   reply is due within the target; each such wait is one "cycle".
 * - **Resolution**: from the opening to the close.
 * - **Business hours**: a policy counting business hours moves the due time past the hours the
 *   space is closed (the space's own hours and time zone, each day on its own clock, so a
 *   daylight-saving day still has its 8 business hours). A space without hours counts calendar time.
 * - **Which policy**: the first enabled one, in the space's order, whose conditions match:
 *   the conversation's channel is among its channels (none = every channel) and the contact has
 *   one of its tags (none = any contact).
 * - A target is **breached** at its due instant if it is not met by then; a breach is recorded
 *   once and stays, even if the policy changes later.
 */

export const SLA_TARGETS = ['first', 'next', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

export const SLA_TARGET_LABEL: Record<SlaTarget, string> = { first: 'First response', next: 'Next response', resolution: 'Resolution' };

/** A target is at most a year (in minutes), at least a minute. */
export const SLA_MAX_MINUTES = 366 * 24 * 60;
export const SLA_MAX_POLICIES = 50;
export const SLA_MAX_CONDITIONS = 50;
export const SLA_NAME_MAX = 80;
export const SLA_TAG_MAX = 60;

export interface SlaPolicy {
  id: string;
  name: string;
  enabled: boolean;
  /** Minutes per target; null = no such target. */
  firstResponseMin: number | null;
  nextResponseMin: number | null;
  resolutionMin: number | null;
  /** Count only the space's business hours (when it has them). */
  businessHours: boolean;
  /** Conditions: empty = all. */
  channelIds: string[];
  tags: string[];
}

/** The first enabled policy (in the given order) whose conditions match the conversation; null when none does. */
export function policyFor<P extends SlaPolicy>(policies: readonly P[], conv: { channelId: string; tags: readonly string[] }): P | null {
  const tags = new Set(conv.tags.map((t) => t.toLowerCase()));
  for (const p of policies) {
    if (!p.enabled) continue;
    if (p.channelIds.length && !p.channelIds.includes(conv.channelId)) continue;
    if (p.tags.length && !p.tags.some((t) => tags.has(t.toLowerCase()))) continue;
    return p;
  }
  return null;
}

/** How far ahead a business-hours due time is searched: hours so sparse that a target needs longer never come due. */
const MAX_DAYS = 800;

/**
 * The instant `ms` of business time after `start` (calendar time without hours). Null when the
 * hours never open (no day has a range) or the target does not fit in the next MAX_DAYS days.
 */
export function addBusinessTime(hours: BusinessHours | null, start: number, ms: number): number | null {
  if (!hours) return start + ms;
  const tz = hours.timeZone;
  const ranges = new Map<number, Array<readonly [number, number]>>();
  for (let day = 0; day < 7; day++) {
    const list = (hours.days[day] ?? [])
      .map(([s, e]) => [minutesOf(s), minutesOf(e)] as const)
      .filter((r): r is readonly [number, number] => r[0] !== null && r[1] !== null && r[0] < r[1])
      .sort((a, b) => a[0] - b[0]);
    if (list.length) ranges.set(day, list);
  }
  if (ranges.size === 0) return null;
  let left = ms;
  // From the day before (a range of that day may still be running on another clock reading).
  const first = addDays(localDate(tz, start), -1);
  for (let i = 0; i < MAX_DAYS; i++) {
    const date = addDays(first, i);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    for (const [s, e] of ranges.get(weekday) ?? []) {
      const from = Math.max(zonedInstant(tz, date, s), start);
      const to = zonedInstant(tz, date, e);
      if (to <= from) continue;
      if (to - from >= left) return from + left;
      left -= to - from;
    }
  }
  return null;
}

/** What a conversation's SLA is measured from (all instants in ms; null = not yet). */
export interface SlaAnchors {
  openedAt: number;
  /** The customer's first message. */
  firstStart: number | null;
  /** The first member reply after it. */
  firstDone: number | null;
  /** The customer's first message since the last member reply (after the first response): a next response is owed. */
  nextStart: number | null;
  /** Closed at. */
  resolutionDone: number | null;
}

export type SlaDues = Record<SlaTarget, number | null>;

/** The due instant of each target under `policy` (null: no such target, not started, or never due). */
export function slaDues(policy: SlaPolicy | null, spaceHours: BusinessHours | null, a: SlaAnchors): SlaDues {
  if (!policy) return { first: null, next: null, resolution: null };
  const hours = policy.businessHours ? spaceHours : null;
  const due = (start: number | null, minutes: number | null) => (start === null || minutes === null ? null : addBusinessTime(hours, start, minutes * 60_000));
  return {
    first: due(a.firstStart, policy.firstResponseMin),
    next: due(a.nextStart, policy.nextResponseMin),
    resolution: due(a.openedAt, policy.resolutionMin),
  };
}

/** Targets still owed: started, not met, the conversation open. */
export function pendingTargets(a: SlaAnchors): Record<SlaTarget, boolean> {
  const open = a.resolutionDone === null;
  return { first: open && a.firstStart !== null && a.firstDone === null, next: open && a.nextStart !== null, resolution: open };
}

export interface SlaWatch {
  /** What the queue row shows: the owed target due soonest (a breached one is in the past, so it wins). */
  shown: { target: SlaTarget; dueAt: number } | null;
  /** When the timer must look next: the soonest owed target not yet recorded as breached. */
  checkAt: number | null;
}

/** From the due times, what is owed, and which targets are already recorded as breached. */
export function slaWatch(dues: SlaDues, a: SlaAnchors, breached: Record<SlaTarget, number | null>): SlaWatch {
  const pending = pendingTargets(a);
  let shown: SlaWatch['shown'] = null;
  let checkAt: number | null = null;
  for (const target of SLA_TARGETS) {
    const due = dues[target];
    if (due === null || !pending[target]) continue;
    if (!shown || due < shown.dueAt) shown = { target, dueAt: due };
    if (breached[target] === null && (checkAt === null || due < checkAt)) checkAt = due;
  }
  return { shown, checkAt };
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": a duration as an agent reads it (rounded up to the minute past a minute). */
export function durationText(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `${Math.max(1, minutes)} min`;
  const h = Math.floor(minutes / 60);
  if (h < 24) return minutes % 60 ? `${h} h ${minutes % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** The words a queue row shows for its SLA: "12 min left" or "Breached". */
export function slaText(dueAt: number, now: number, breached = false): { text: string; breached: boolean } {
  if (breached || dueAt <= now) return { text: 'Breached', breached: true };
  return { text: `${durationText(dueAt - now)} left`, breached: false };
}

/** A target in words for settings and activity lines: "First response within 15 min (business hours)". */
export function targetText(target: SlaTarget, minutes: number, businessHours: boolean): string {
  return `${SLA_TARGET_LABEL[target]} within ${durationText(minutes * 60_000)}${businessHours ? ' (business hours)' : ''}`;
}

/** Why a policy cannot be saved, in words an admin understands (null = fine). The zod schema checks shapes; this checks meaning. */
export function slaPolicyRefusal(p: Pick<SlaPolicy, 'name' | 'firstResponseMin' | 'nextResponseMin' | 'resolutionMin' | 'channelIds' | 'tags'>): string | null {
  if (!p.name.trim()) return 'Give the policy a name.';
  if (p.name.trim().length > SLA_NAME_MAX) return `A policy name has at most ${SLA_NAME_MAX} characters.`;
  const targets = [p.firstResponseMin, p.nextResponseMin, p.resolutionMin];
  if (targets.every((t) => t === null)) return 'Set at least one target: first response, next response or resolution.';
  for (const t of targets) {
    if (t !== null && (!Number.isInteger(t) || t < 1 || t > SLA_MAX_MINUTES)) return 'Each target is a whole number of minutes, from 1 to 527040 (a year).';
  }
  if (p.channelIds.length > SLA_MAX_CONDITIONS || p.tags.length > SLA_MAX_CONDITIONS) return `A policy has at most ${SLA_MAX_CONDITIONS} channels and ${SLA_MAX_CONDITIONS} tags.`;
  if (p.tags.some((t) => !t.trim() || t.length > SLA_TAG_MAX)) return `Each tag has 1 to ${SLA_TAG_MAX} characters.`;
  return null;
}

/** Share of `met` among `total` as a percent (one decimal); null when nothing was measured. */
export function attainment(met: number, total: number): number | null {
  return total > 0 ? Math.round((met / total) * 1000) / 10 : null;
}
