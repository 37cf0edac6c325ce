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
  /** how a y value reads on the axis and in the legend */
  format?: (value: number) => string;
  height?: number;
}

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
      scales: { x: { time: false, range: (_u, min, max) => (props.kind === 'bars' ? [min - 0.5, max + 0.5] : [min, max]) }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
      axes: [
        { ...axis, values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? (labels[s] ?? '') : '')), space: 40 },
        { ...axis, values: (_u, splits) => splits.map((s) => format(s)), size: 64 },
      ],
      series: [
        { label: '', value: (_u, v) => (v === null ? '' : (labels[v] ?? '')) },
        ...props.series.map((s, i) => ({
          label: s.label,
          stroke: tones[s.tone],
          fill: props.kind === 'bars' ? tones[s.tone] : undefined,
          width: props.kind === 'bars' ? 0 : 2,
          value: (_u: uPlotType, v: number | null) => (v === null ? '–' : format(v)),
          points: { show: props.kind === 'line' && labels.length <= 40 },
          paths: props.kind === 'bars' ? uPlot.paths.bars!({ size: [0.75 - (0.4 * i) / Math.max(1, count - 1 || 1), 80] }) : undefined,
        })),
      ],
    };
    const data = [labels.map((_, i) => i), ...props.series.map((s) => s.values)] as uPlotType.AlignedData;
    plot = new uPlot(options, data, host);
  };

  onMount(() => {
    observer = new ResizeObserver(() => plot?.setSize({ width: Math.max(240, host.clientWidth), height: props.height ?? 220 }));
    observer.observe(host);
  });
  createEffect(() => {
    // Track everything the chart draws, then rebuild (a report's numbers change all at once).
    void props.labels.length;
    props.series.forEach((s) => void s.values.length);
    void build();
  });
  onCleanup(() => {
    disposed = true;
    observer?.disconnect();
    plot?.destroy();
  });
  return <div class="chart" ref={host} aria-hidden="true" />;
}
