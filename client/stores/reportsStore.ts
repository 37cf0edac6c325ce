import { createResource, type Accessor } from 'solid-js';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/routers/root';
import { addDays, localDate } from '../../shared/domain/reportMetrics';
import type { ReportKind } from '../../shared/schemas/reportsSchema';
import { trpc } from '../api/trpc';

export type Reports = inferRouterOutputs<AppRouter>['reports']['summary'];
export type ReportPreset = 'today' | '7d' | '30d' | 'custom';
export interface ReportFilters {
  preset: ReportPreset;
  from: string;
  to: string;
  channelId: string | null;
  memberId: string | null;
}

/** The browser's time zone: the days are counted in it when the space has no business hours (theirs carry the space's zone). */
export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The dates a preset covers, ending today (in `timeZone`). */
export function presetRange(preset: Exclude<ReportPreset, 'custom'>, now = Date.now(), timeZone = browserZone()): { from: string; to: string } {
  const today = localDate(timeZone, now);
  const back = { today: 0, '7d': 6, '30d': 29 }[preset];
  return { from: addDays(today, -back), to: today };
}

const key = (spaceId: string) => `kaon:reports:${spaceId}`;

/** The filters last used in this space (the range is remembered; a preset is re-read as of today). */
export function loadFilters(spaceId: string): ReportFilters {
  const fallback: ReportFilters = { preset: '7d', ...presetRange('7d'), channelId: null, memberId: null };
  try {
    const saved = JSON.parse(localStorage.getItem(key(spaceId)) ?? 'null') as Partial<ReportFilters> | null;
    if (!saved || typeof saved !== 'object') return fallback;
    const preset = (['today', '7d', '30d', 'custom'] as const).find((p) => p === saved.preset) ?? '7d';
    const range = preset === 'custom' && typeof saved.from === 'string' && typeof saved.to === 'string' ? { from: saved.from, to: saved.to } : presetRange(preset === 'custom' ? '7d' : preset);
    return { preset, ...range, channelId: typeof saved.channelId === 'string' ? saved.channelId : null, memberId: typeof saved.memberId === 'string' ? saved.memberId : null };
  } catch {
    return fallback;
  }
}

export function saveFilters(spaceId: string, filters: ReportFilters): void {
  try {
    localStorage.setItem(key(spaceId), JSON.stringify(filters));
  } catch {
    // Storage full or off: the filters just are not remembered.
  }
}

const inputOf = (spaceId: string, f: ReportFilters) => ({ spaceId, from: f.from, to: f.to, timeZone: browserZone(), channelId: f.channelId, memberId: f.memberId });

/** The reports for the filters, refetched as they change. */
export function createReports(spaceId: Accessor<string>, filters: Accessor<ReportFilters>) {
  return createResource(
    () => ({ spaceId: spaceId(), ...filters() }),
    ({ spaceId: id, ...f }) => trpc.reports.summary.query(inputOf(id, f)),
  );
}

/** Fetches one report as CSV and hands it to the browser as a download. */
export async function downloadReportCsv(spaceId: string, filters: ReportFilters, report: ReportKind): Promise<void> {
  const { filename, csv } = await trpc.reports.csv.query({ ...inputOf(spaceId, filters), report });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
