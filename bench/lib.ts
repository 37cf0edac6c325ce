/** Small helpers for benchmarks: percentiles and a bounded concurrent request loop. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summarize(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length };
}

/** Runs `total` calls of `fn(i)` with `concurrency` in flight; returns calls per second. */
export async function rate(total: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await fn(next++);
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Resolves when a queue item with `preview` appears in the synced `open` map (a Y.Map of
 * QueueItem), recording the time since `start` (performance.now()) in `latencies`.
 */
export function whenPreviewShows(open: { values(): IterableIterator<{ preview: string }>; observe(f: () => void): void; unobserve(f: () => void): void }, preview: string, start: number, latencies: number[]): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = () => {
      for (const item of open.values()) {
        if (item.preview === preview) {
          latencies.push(performance.now() - start);
          open.unobserve(check);
          return resolve();
        }
      }
    };
    open.observe(check);
  });
}
