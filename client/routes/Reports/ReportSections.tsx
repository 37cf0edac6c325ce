import { createSignal, For, Show, type JSX } from 'solid-js';
import type { ReportKind } from '../../../shared/schemas/reportsSchema';
import { Chart } from '../../components/Chart';
import { FormError } from '../../components/Field';
import { duration, plural } from '../../components/format';
import { errorText } from '../../stores/errors';
import type { Reports } from '../../stores/reportsStore';

type Spread = { count: number; median: number | null; p90: number | null };
type Row = Spread & { id: string | null; name: string };

const time = (ms: number | null) => (ms === null ? '–' : duration(ms));
// The weekday rows of the heatmap, Monday first (the data is indexed 0 = Sunday).
const WEEK: Array<[number, string]> = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [0, 'Sunday'],
];

/** One report: its heading, its "Download CSV" button, then its chart and table. */
export function ReportSection(props: { id: ReportKind; title: string; hint?: string; onDownload: (report: ReportKind) => Promise<void>; children: JSX.Element }) {
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const handleDownload = async () => {
    setError(null);
    setBusy(true);
    try {
      await props.onDownload(props.id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="report" aria-labelledby={`report-${props.id}`}>
      <header class="report-head">
        <h2 id={`report-${props.id}`}>{props.title}</h2>
        <button type="button" aria-label={`Download CSV: ${props.title}`} onClick={() => void handleDownload()} disabled={busy()}>
          Download CSV
        </button>
      </header>
      <Show when={props.hint}>
        <p class="muted">{props.hint}</p>
      </Show>
      <FormError message={error()} />
      {props.children}
    </section>
  );
}

/** Opened and closed per day: a line chart and the table of the same numbers. */
export function VolumeReport(props: { volume: Reports['volume'] }) {
  return (
    <>
      <p class="report-total">
        {plural(props.volume.totals.opened, 'conversation')} opened · {props.volume.totals.closed} closed
      </p>
      <Chart
        kind="line"
        xLabel="Day"
        labels={props.volume.days.map((d) => d.date.slice(5))}
        series={[
          { label: 'Opened', tone: 'accent', values: props.volume.days.map((d) => d.opened) },
          { label: 'Closed', tone: 'success', values: props.volume.days.map((d) => d.closed) },
        ]}
      />
      <div class="table-scroll" role="region" aria-label="Conversations per day, as a table" tabindex="0">
        <table class="list">
          <caption class="sr-only">Conversations per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Opened</th>
              <th scope="col">Closed</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.volume.days}>
              {(d) => (
                <tr>
                  <th scope="row">{d.date}</th>
                  <td>{d.opened}</td>
                  <td>{d.closed}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

function SpreadTable(props: { caption: string; first: string; rows: Row[] }) {
  return (
    <table class="list">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.first}</th>
          <th scope="col">Conversations</th>
          <th scope="col">Median</th>
          <th scope="col">90th percentile</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(r) => (
            <tr>
              <th scope="row">{r.name}</th>
              <td>{r.count}</td>
              <td>{time(r.median)}</td>
              <td>{time(r.p90)}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

/** First response or resolution time: the figures for all, a chart by agent, tables by channel and by agent. */
export function BreakdownReport(props: { title: string; breakdown: Reports['firstResponse'] }) {
  return (
    <>
      <p class="report-total">
        <Show when={props.breakdown.all.count > 0} fallback={'No conversations to measure in these days.'}>
          Median {time(props.breakdown.all.median)} · 90th percentile {time(props.breakdown.all.p90)} · {plural(props.breakdown.all.count, 'conversation')}
        </Show>
      </p>
      <Show when={props.breakdown.byAgent.length > 0}>
        <Chart
          kind="bars"
          xLabel="Agent"
          labels={props.breakdown.byAgent.map((a) => a.name)}
          format={(ms) => duration(ms)}
          unit="duration"
          series={[
            { label: '90th percentile', tone: 'soft', values: props.breakdown.byAgent.map((a) => a.p90) },
            { label: 'Median', tone: 'accent', values: props.breakdown.byAgent.map((a) => a.median) },
          ]}
        />
        <div class="report-tables">
          <SpreadTable caption={`${props.title} by agent`} first="Agent" rows={props.breakdown.byAgent} />
          <SpreadTable caption={`${props.title} by channel`} first="Channel" rows={props.breakdown.byChannel} />
        </div>
      </Show>
    </>
  );
}

/** Counts by name (closing categories, open workload): a bar chart and its table. */
export function CountsReport(props: { caption: string; first: string; second: string; rows: Array<{ name: string; count: number }>; empty: string }) {
  return (
    <Show when={props.rows.length > 0} fallback={<p class="muted">{props.empty}</p>}>
      <Chart kind="bars" xLabel={props.first} labels={props.rows.map((r) => r.name)} series={[{ label: props.second, tone: 'accent', values: props.rows.map((r) => r.count) }]} />
      <table class="list">
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.first}</th>
            <th scope="col">{props.second}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr>
                <th scope="row">{r.name}</th>
                <td>{r.count}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}

/** Busiest hours: a day × hour table, each cell shaded by its count and showing the number. */
export function HeatmapReport(props: { counts: number[][] }) {
  const max = () => Math.max(1, ...props.counts.flat());
  // Five bands; the two darkest carry the accent's own text colour (contrast stays AA in both themes).
  const band = (n: number) => (n === 0 ? 0 : Math.min(4, 1 + Math.floor((n / max()) * 3.999)));
  return (
    <div class="table-scroll" role="region" aria-label="Busiest hours, as a table" tabindex="0">
      <table class="heatmap">
        <caption class="sr-only">Conversations opened by day of the week and hour</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <For each={Array.from({ length: 24 }, (_, h) => h)}>
              {(h) => (
                <th scope="col" aria-label={`${String(h).padStart(2, '0')}:00`}>
                  {String(h).padStart(2, '0')}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={WEEK}>
            {([day, name]) => (
              <tr>
                <th scope="row">{name}</th>
                <For each={props.counts[day]}>{(n) => <td class={`band-${band(n)}`}>{n}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
