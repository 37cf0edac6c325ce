import { For, Show } from 'solid-js';
import { SLA_TARGET_LABEL, SLA_TARGETS } from '../../../shared/domain/sla';
import { Chart, type ChartSeries } from '../../components/Chart';
import type { Reports } from '../../stores/reportsStore';

type Attainment = Reports['sla']['all'];
type Row = Attainment & { name: string };

const TONES: ChartSeries['tone'][] = ['accent', 'soft', 'success'];

/** "92.5% (37 of 40)", or "–" when nothing was decided. */
const cell = (a: { measured: number; met: number; percent: number | null }) => (a.percent === null ? '–' : `${a.percent}% (${a.met} of ${a.measured})`);

function AttainmentTable(props: { caption: string; first: string; rows: Row[] }) {
  return (
    <table class="list">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.first}</th>
          <For each={SLA_TARGETS}>{(t) => <th scope="col">{SLA_TARGET_LABEL[t]} met</th>}</For>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(r) => (
            <tr>
              <th scope="row">{r.name}</th>
              <For each={SLA_TARGETS}>{(t) => <td>{cell(r[t])}</td>}</For>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

/**
 * SLA attainment: of the conversations opened in the range under a policy, the share that met
 * each target (next response: each wait for a reply), in all, by agent and by channel.
 */
export function SlaReport(props: { sla: Reports['sla'] }) {
  const decided = () => SLA_TARGETS.some((t) => props.sla.all[t].measured > 0);
  return (
    <Show when={decided()} fallback={<p class="muted">No SLA targets met or breached in these days (Settings → SLAs sets them).</p>}>
      <p class="report-total">{SLA_TARGETS.filter((t) => props.sla.all[t].measured > 0).map((t) => `${SLA_TARGET_LABEL[t]}: ${cell(props.sla.all[t])}`).join(' · ')}</p>
      {/* A picture of the table by agent that follows (which carries the numbers). */}
      <Chart
        kind="bars"
        xLabel="Agent"
        labels={props.sla.byAgent.map((r) => r.name)}
        series={SLA_TARGETS.map((t, i): ChartSeries => ({ label: `${SLA_TARGET_LABEL[t]} met`, tone: TONES[i]!, values: props.sla.byAgent.map((r) => r[t].percent) }))}
        format={(v) => `${v}%`}
      />
      <div class="report-tables">
        <AttainmentTable caption="SLA attainment by agent" first="Agent" rows={props.sla.byAgent} />
        <AttainmentTable caption="SLA attainment by channel" first="Channel" rows={props.sla.byChannel} />
      </div>
    </Show>
  );
}
