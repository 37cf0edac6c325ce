import type { Spread } from '../../shared/domain/reportMetrics';
import { toCsv } from '../../shared/domain/reportMetrics';
import type { ReportKind } from '../../shared/schemas/reportsSchema';
import type { Db } from '../db/connection';
import { slaCsv } from './sla';
import { categoriesReport, firstResponseReport, heatmapReport, resolutionReport, satisfactionReport, volumeReport, workloadReport, type Breakdown, type ReportScope } from './reports';

/** Each report as CSV text: the same numbers as its table on screen, durations in minutes (one decimal). */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);
const spreadCells = (s: Spread) => [s.count, minutes(s.median), minutes(s.p90)];

function breakdownCsv(b: Breakdown): string {
  const header = ['group', 'name', 'conversations', 'median minutes', '90th percentile minutes'];
  return toCsv(header, [
    ['all', 'All', ...spreadCells(b.all)],
    ...b.byChannel.map((r) => ['channel', r.name, ...spreadCells(r)]),
    ...b.byAgent.map((r) => ['agent', r.name, ...spreadCells(r)]),
  ]);
}

export function reportCsv(db: Db, scope: ReportScope, report: ReportKind): { filename: string; csv: string } {
  const filename = `kaon-${report}-${scope.days[0]!.date}-to-${scope.days.at(-1)!.date}.csv`;
  switch (report) {
    case 'volume':
      return { filename, csv: toCsv(['day', 'opened', 'closed'], volumeReport(db, scope).days.map((d) => [d.date, d.opened, d.closed])) };
    case 'firstResponse':
      return { filename, csv: breakdownCsv(firstResponseReport(db, scope)) };
    case 'resolution':
      return { filename, csv: breakdownCsv(resolutionReport(db, scope)) };
    case 'categories':
      return { filename, csv: toCsv(['category', 'conversations'], categoriesReport(db, scope).map((r) => [r.category ?? 'No category', r.count])) };
    case 'heatmap': {
      const { counts } = heatmapReport(db, scope);
      const order = [1, 2, 3, 4, 5, 6, 0];
      return { filename, csv: toCsv(['day', ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`)], order.map((d) => [WEEKDAYS[d]!, ...counts[d]!])) };
    }
    case 'workload':
      return { filename, csv: toCsv(['member', 'open conversations'], workloadReport(db, scope).map((r) => [r.name, r.open])) };
    case 'satisfaction':
      return { filename, csv: toCsv(['rating', 'ratings'], satisfactionReport(db, scope).scores.map((s) => [s.score, s.count])) };
    case 'sla':
      return { filename, csv: slaCsv(db, scope) };
  }
}
