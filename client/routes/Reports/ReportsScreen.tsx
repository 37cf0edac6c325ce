import { createEffect, createSignal, Show } from 'solid-js';
import { createReports, downloadReportCsv, loadFilters, saveFilters, type ReportFilters as Filters } from '../../stores/reportsStore';
import { errorCode, errorText } from '../../stores/errors';
import { useSpace } from '../../stores/space';
import { ReportFilters } from './ReportFilters';
import { SlaReport } from './SlaReport';
import { BreakdownReport, CountsReport, HeatmapReport, ReportSection, VolumeReport } from './ReportSections';
import { plural } from '../../components/format';
import { RATING_WORDS } from '../../../shared/domain/satisfaction';

/**
 * The Reports module: owners and managers see the team (and can narrow to one agent), agents
 * their own numbers. The filters are remembered per space in this browser.
 */
export function ReportsScreen() {
  const space = useSpace();
  const [filters, setFilters] = createSignal<Filters>(loadFilters(space.spaceId()));
  // Another space: its own remembered filters.
  createEffect(() => setFilters(loadFilters(space.spaceId())));
  const team = () => space.can('reports.viewTeam');
  // An agent's numbers are their own: an agent filter remembered from a manager's visit in this browser does not apply.
  const [reports] = createReports(space.spaceId, () => (team() ? filters() : { ...filters(), memberId: null }));
  // A remembered channel or agent that is gone (deleted, removed): back to all of them.
  createEffect(() => {
    if (reports.error && errorCode(reports.error) === 'NOT_FOUND' && (filters().channelId || filters().memberId)) handleChange({ ...filters(), channelId: null, memberId: null });
  });
  const handleChange = (next: Filters) => {
    setFilters(next);
    saveFilters(space.spaceId(), next);
  };
  const download = (report: Parameters<typeof downloadReportCsv>[2]) => downloadReportCsv(space.spaceId(), filters(), report);
  // The last good answer stays on screen while the next one loads (no spinner for numbers shown).
  const shown = () => (reports.state === 'errored' ? undefined : reports.latest);
  const empty = () => {
    const r = shown();
    return r !== undefined && r.volume.totals.opened === 0 && r.volume.totals.closed === 0 && r.firstResponse.all.count === 0;
  };

  return (
    <main class="module reports" aria-labelledby="module-title">
      <h1 id="module-title">Reports</h1>
      <p class="muted">{team() ? 'Your team’s conversations. Pick an agent to see one person’s numbers.' : 'Your own conversations: the ones assigned to you and the replies you wrote.'}</p>
      <ReportFilters filters={filters()} onChange={handleChange} channels={shown()?.channels ?? []} members={shown()?.members ?? []} team={team()} />
      <Show when={reports.error as unknown}>{(err) => <p class="form-error" role="alert">{errorText(err())}</p>}</Show>
      <Show when={shown()}>
        {(r) => (
          <>
            <p class="muted report-zone">
              Days in {r().timeZone}
              {r().timeZoneFrom === 'space' ? ', the space’s business hours zone; times count business hours only.' : ' (this browser’s time zone; the space has no business hours, so times count every hour).'}
            </p>
            <Show when={empty()}>
              <p class="report-empty" role="status">
                No conversations in these days yet. When customers write in and your team replies, the numbers show here; try a longer range.
              </p>
            </Show>
            <ReportSection id="volume" title="Conversations per day" onDownload={download}>
              <VolumeReport volume={r().volume} />
            </ReportSection>
            <ReportSection id="firstResponse" title="First response time" hint="From the customer’s first message to the first reply a person wrote (comments and workflow auto-replies do not count)." onDownload={download}>
              <BreakdownReport title="First response time" breakdown={r().firstResponse} />
            </ReportSection>
            <ReportSection id="resolution" title="Resolution time" hint="From opening to closing, for the conversations closed in these days." onDownload={download}>
              <BreakdownReport title="Resolution time" breakdown={r().resolution} />
            </ReportSection>
            <ReportSection id="categories" title="Closing-note categories" onDownload={download}>
              <CountsReport
                caption="Closing-note categories"
                first="Category"
                second="Conversations"
                rows={r().categories.map((c) => ({ name: c.category ?? 'No category', count: c.count }))}
                empty="No conversations closed in these days."
              />
            </ReportSection>
            <ReportSection id="heatmap" title="Busiest hours" hint="Conversations opened, by day of the week and hour." onDownload={download}>
              <HeatmapReport counts={r().heatmap.counts} />
            </ReportSection>
            <ReportSection id="satisfaction" title="Customer satisfaction" hint="Ratings customers gave after a close, on the website chats that ask (Settings → Channels)." onDownload={download}>
              <p>
                {r().satisfaction.count === 0
                  ? 'No ratings in these days.'
                  : `Average ${r().satisfaction.average} of 5 from ${plural(r().satisfaction.count, 'rating')}.`}
              </p>
              <CountsReport
                caption="Customer ratings"
                first="Rating"
                second="Ratings"
                rows={r().satisfaction.scores.map((s) => ({ name: `${s.score} — ${RATING_WORDS[s.score]}`, count: s.count }))}
                empty="No ratings in these days."
              />
            </ReportSection>
            <ReportSection id="sla" title="SLA attainment" hint="Conversations opened in these days under an SLA policy: the share that met each target." onDownload={download}>
              {/* A report cached offline before SLAs existed has no such part. */}
              <Show when={r().sla} fallback={<p class="muted">Go online to see SLA attainment.</p>}>
                {(sla) => <SlaReport sla={sla()} />}
              </Show>
            </ReportSection>
            <ReportSection id="workload" title="Open workload" hint="Open conversations each person has now, whatever the range." onDownload={download}>
              <CountsReport caption="Open workload" first="Member" second="Open conversations" rows={r().workload.map((w) => ({ name: w.name, count: w.open }))} empty="Nobody here yet." />
            </ReportSection>
          </>
        )}
      </Show>
      <Show when={reports.loading && !shown()}>
        <p class="muted" role="status">
          Counting…
        </p>
      </Show>
    </main>
  );
}
