import { z } from 'zod';
import { isTimeZone } from '../domain/businessHours';
import { daysBetween, isDate } from '../domain/reportMetrics';
import { id } from './commonSchema';

/** The longest range a report covers: a year, leap day included. */
export const REPORT_MAX_DAYS = 366;

export const REPORT_KINDS = ['volume', 'firstResponse', 'resolution', 'categories', 'heatmap', 'workload', 'satisfaction', 'sla'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const date = z
  .string()
  .refine(isDate, { message: 'Dates are written YYYY-MM-DD, like 2026-06-01', abort: true })
  .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'Pick a date between 2000 and 2099');

/** A report's days (inclusive, in the space's time zone), and what to narrow it to. */
const reportFields = z.object({
  spaceId: id,
  from: date,
  to: date,
  /** The browser's zone, used when the space has no business hours (they carry the space's zone). */
  timeZone: z.string().max(64).refine(isTimeZone, 'Pick a valid time zone, like Europe/Berlin').default('UTC'),
  channelId: id.nullish(),
  memberId: id.nullish(),
});

function checkRange(input: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (input.to < input.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The range ends before it starts: pick an end date on or after the start date' });
  else if (daysBetween(input.from, input.to) > REPORT_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `A report covers at most ${REPORT_MAX_DAYS} days: pick a shorter range` });
}

export const reportInput = reportFields.superRefine(checkRange);
export type ReportInput = z.input<typeof reportInput>;

export const reportCsvInput = reportFields.extend({ report: z.enum(REPORT_KINDS) }).superRefine(checkRange);
