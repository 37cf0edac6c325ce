import { toCsv } from '../../shared/domain/reportMetrics';
import { attainment, SLA_TARGET_LABEL, SLA_TARGETS, type SlaTarget } from '../../shared/domain/sla';
import type { Db } from '../db/connection';
import { slaAttainment, type SlaAttainmentRow } from '../db/sla';
import type { ReportScope } from './reports';

/** One group's attainment per target: decided (met or breached), met, and the share met (%; null: nothing decided). */
export type Attainment = Record<SlaTarget, { measured: number; met: number; percent: number | null }>;

const KEYS: Record<SlaTarget, [keyof SlaAttainmentRow, keyof SlaAttainmentRow]> = {
  first: ['firstMeasured', 'firstMet'],
  next: ['nextMeasured', 'nextMet'],
  resolution: ['resolutionMeasured', 'resolutionMet'],
};

function sum(rows: readonly SlaAttainmentRow[]): Attainment {
  const out = {} as Attainment;
  for (const target of SLA_TARGETS) {
    const [m, k] = KEYS[target];
    const measured = rows.reduce((n, r) => n + (r[m] as number), 0);
    const met = rows.reduce((n, r) => n + (r[k] as number), 0);
    out[target] = { measured, met, percent: attainment(met, measured) };
  }
  return out;
}

export interface SlaReport {
  all: Attainment;
  byChannel: Array<Attainment & { id: string; name: string }>;
  byAgent: Array<Attainment & { id: string | null; name: string }>;
}

/**
 * SLA attainment over the range: of the conversations opened in it under a policy, the share
 * whose first response, next responses (each wait) and resolution met their targets, in all,
 * by channel and by agent (agents see their own, as for every report: the scope's filter).
 */
export function slaReport(db: Db, scope: ReportScope): SlaReport {
  const rows = slaAttainment(db, scope.filter);
  const groupBy = <K>(key: (r: SlaAttainmentRow) => K) => {
    const groups = new Map<K, SlaAttainmentRow[]>();
    for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    return groups;
  };
  const byName = (x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name);
  return {
    all: sum(rows),
    byChannel: [...groupBy((r) => r.channelId)].map(([id, list]) => ({ id, name: scope.channelName(id), ...sum(list) })).sort(byName),
    byAgent: [...groupBy((r) => r.agentId)].map(([id, list]) => ({ id, name: scope.memberName(id), ...sum(list) })).sort(byName),
  };
}

/** The SLA report as CSV: per group, each target's decided and met counts and the percent met. */
export function slaCsv(db: Db, scope: ReportScope): string {
  const report = slaReport(db, scope);
  const header = ['group', 'name', ...SLA_TARGETS.flatMap((t) => [`${SLA_TARGET_LABEL[t]} decided`, `${SLA_TARGET_LABEL[t]} met`, `${SLA_TARGET_LABEL[t]} percent met`])];
  const cells = (a: Attainment) => SLA_TARGETS.flatMap((t) => [a[t].measured, a[t].met, a[t].percent]);
  return toCsv(header, [['all', 'All', ...cells(report.all)], ...report.byChannel.map((r) => ['channel', r.name, ...cells(r)]), ...report.byAgent.map((r) => ['agent', r.name, ...cells(r)])]);
}
