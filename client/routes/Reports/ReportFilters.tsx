import { For, Show } from 'solid-js';
import { presetRange, type ReportFilters as Filters, type ReportPreset } from '../../stores/reportsStore';

const PRESETS: Array<[ReportPreset, string]> = [
  ['today', 'Today'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['custom', 'Custom range'],
];

/** The Reports filters: a range (preset or custom dates), a channel, and (for the team view) an agent. */
export function ReportFilters(props: {
  filters: Filters;
  onChange: (next: Filters) => void;
  channels: Array<{ id: string; name: string }>;
  members: Array<{ id: string; name: string }>;
  team: boolean;
}) {
  const set = (patch: Partial<Filters>) => props.onChange({ ...props.filters, ...patch });
  const handlePreset = (preset: ReportPreset) => set(preset === 'custom' ? { preset } : { preset, ...presetRange(preset) });
  return (
    <form class="report-filters" role="search" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
      <div class="field">
        <label for="report-range">Range</label>
        <select id="report-range" onChange={(e) => handlePreset(e.currentTarget.value as ReportPreset)}>
          <For each={PRESETS}>{([value, label]) => <option value={value} selected={value === props.filters.preset}>{label}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for="report-from">From</label>
        <input id="report-from" type="date" value={props.filters.from} required onChange={(e) => e.currentTarget.value && set({ preset: 'custom', from: e.currentTarget.value })} />
      </div>
      <div class="field">
        <label for="report-to">To</label>
        <input id="report-to" type="date" value={props.filters.to} required onChange={(e) => e.currentTarget.value && set({ preset: 'custom', to: e.currentTarget.value })} />
      </div>
      <div class="field">
        <label for="report-channel">Channel</label>
        <select id="report-channel" onChange={(e) => set({ channelId: e.currentTarget.value || null })}>
          <option value="" selected={!props.filters.channelId}>All channels</option>
          <For each={props.channels}>{(c) => <option value={c.id} selected={c.id === props.filters.channelId}>{c.name}</option>}</For>
        </select>
      </div>
      <Show when={props.team}>
        <div class="field">
          <label for="report-agent">Agent</label>
          <select id="report-agent" onChange={(e) => set({ memberId: e.currentTarget.value || null })}>
            <option value="" selected={!props.filters.memberId}>Everyone</option>
            <For each={props.members}>{(m) => <option value={m.id} selected={m.id === props.filters.memberId}>{m.name}</option>}</For>
          </select>
        </div>
      </Show>
    </form>
  );
}
