import { createEffect, onCleanup, onMount } from 'solid-js';
import type uPlotType from 'uplot';

/**
 * A uPlot chart, loaded on first use (dynamic import: the Reports screen's charts add nothing to
 * the JavaScript every other screen loads). The canvas is a picture of the table that follows it
 * (the table carries the numbers for screen readers and keyboard users), so it is aria-hidden.
 */
export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  /** 'accent' (the main figure) or 'soft' (the figure behind it, e.g. the 90th percentile) */
  tone: 'accent' | 'soft' | 'success';
}

export interface ChartProps {
  /** one label per x position (days, names, categories) */
  labels: string[];
  series: ChartSeries[];
  /** 'line' over days; 'bars' over names: later series are drawn narrower, in front (a bullet chart) */
  kind: 'line' | 'bars';
  /** what the x positions are, for the legend ("Day", "Agent") */
  xLabel: string;
  /** how a y value reads on the axis and in the legend */
  format?: (value: number) => string;
  /** y ticks: whole counts, or round durations (1 min, 15 min, 1 h…) in ms */
  unit?: 'count' | 'duration';
  height?: number;
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const INCREMENTS = {
  count: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000],
  duration: [S, 5 * S, 15 * S, 30 * S, M, 2 * M, 5 * M, 10 * M, 15 * M, 30 * M, H, 2 * H, 3 * H, 6 * H, 12 * H, 24 * H, 48 * H, 7 * 24 * H, 14 * 24 * H, 30 * 24 * H],
};

let loading: Promise<typeof uPlotType> | undefined;
function loadUPlot(): Promise<typeof uPlotType> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);
  return loading;
}

const cssVar = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function Chart(props: ChartProps) {
  let host!: HTMLDivElement;
  let plot: uPlotType | undefined;
  let observer: ResizeObserver | undefined;
  let disposed = false;

  const build = async () => {
    const uPlot = await loadUPlot();
    if (disposed) return;
    plot?.destroy();
    const accent = cssVar('--accent', '#4338ca');
    const soft = cssVar('--border', '#d6dae1');
    const success = cssVar('--success', '#067647');
    const muted = cssVar('--fg-muted', '#5b6475');
    const tones = { accent, soft, success };
    const labels = props.labels;
    const format = props.format ?? ((v: number) => String(v));
    const axis = { stroke: muted, grid: { stroke: soft, width: 1 }, ticks: { stroke: soft, width: 1 } };
    const count = props.series.length;
    const options: uPlotType.Options = {
      width: Math.max(240, host.clientWidth),
      height: props.height ?? 220,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      // x is the index of a label: bars get half a slot of room on each side, a one-day line too.
      scales: {
        x: { time: false, auto: false, range: () => (props.kind === 'bars' || labels.length < 2 ? [-0.5, labels.length - 0.5] : [0, labels.length - 1]) },
        y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
      },
      axes: [
        {
          ...axis,
          // One tick per label, thinned so that labels never overlap (a year of days).
          splits: (u) => {
            const step = Math.max(1, Math.ceil(labels.length / Math.max(1, Math.floor(u.width / (props.kind === 'bars' ? 96 : 56)))));
            return labels.map((_, i) => i).filter((i) => i % step === 0);
          },
          values: (_u, splits) => splits.map((s) => labels[s] ?? ''),
        },
        { ...axis, incrs: INCREMENTS[props.unit ?? 'count'], values: (_u, splits) => splits.map((s) => format(s)), size: 64 },
      ],
      series: [
        { label: props.xLabel, value: (_u, v) => (v === null ? '–' : (labels[v] ?? '')) },
        ...props.series.map((s, i) => ({
          label: s.label,
          stroke: tones[s.tone],
          fill: props.kind === 'bars' ? tones[s.tone] : undefined,
          width: props.kind === 'bars' ? 0 : 2,
          value: (_u: uPlotType, v: number | null) => (v === null ? '–' : format(v)),
          points: { show: props.kind === 'line' && labels.length <= 40 },
          paths: props.kind === 'bars' ? uPlot.paths.bars!({ size: i === 0 ? [0.75, 80] : [0.4 / count, 40 / count] }) : undefined,
        })),
      ],
    };
    const data = [labels.map((_, i) => i), ...props.series.map((s) => s.values)] as uPlotType.AlignedData;
    plot = new uPlot(options, data, host);
  };

  // The colours come from the theme: a switch between light and dark redraws with the new ones.
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const handleScheme = () => void build();
  onMount(() => {
    observer = new ResizeObserver(() => plot?.setSize({ width: Math.max(240, host.clientWidth), height: props.height ?? 220 }));
    observer.observe(host);
    scheme.addEventListener('change', handleScheme);
  });
  createEffect(() => {
    // Track everything the chart draws, then rebuild (a report's numbers change all at once).
    void props.labels.length;
    props.series.forEach((s) => void s.values.length);
    void build();
  });
  onCleanup(() => {
    disposed = true;
    scheme.removeEventListener('change', handleScheme);
    observer?.disconnect();
    plot?.destroy();
  });
  return <div class="chart" ref={host} aria-hidden="true" />;
}
