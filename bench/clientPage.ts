/** Measurements taken inside a page (Playwright), shared by the Kaon run and the baseline run of bench/client.ts. */
import type { CDPSession, Page } from '@playwright/test';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** ms since the navigation started when `selector` first matched (polled every frame). */
export async function msUntil(page: Page, selector: string, text?: string): Promise<number> {
  const handle = await page.waitForFunction(
    ([sel, txt]) => {
      const el = document.querySelector(sel!);
      return el && (!txt || (el.textContent ?? '').includes(txt)) ? performance.now() : 0;
    },
    [selector, text] as const,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Runs `action` in the page and resolves with the ms until the frame after it was painted (and `ready` holds). */
export async function msToFrame(page: Page, action: string, ready = 'true'): Promise<number> {
  return page.evaluate(
    async ({ action, ready }) => {
      const t = performance.now();
      new Function(action)();
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
      await frame();
      while (!new Function(`return (${ready})`)()) await frame();
      return performance.now() - t;
    },
    { action, ready },
  );
}

/** Scrolls `selector` end to end by `step` px a frame; the frame-to-frame times. */
export async function scrollFrames(page: Page, selector: string, step: number, up = false): Promise<number[]> {
  return page.evaluate(
    async ({ selector, step, up }) => {
      const el = document.querySelector<HTMLElement>(selector)!;
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      el.scrollTop = up ? el.scrollHeight : 0;
      await frame();
      await frame();
      const deltas: number[] = [];
      let last = performance.now();
      const done = () => (up ? el.scrollTop <= 0 : el.scrollTop + el.clientHeight >= el.scrollHeight - 1);
      for (let i = 0; i < 2000 && !done(); i++) {
        el.scrollTop += up ? -step : step;
        await frame();
        const now = performance.now();
        deltas.push(now - last);
        last = now;
      }
      return deltas;
    },
    { selector, step, up },
  );
}

/** Starts recording long tasks, slow input events (Event Timing) and frame times. */
export async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __rec: { long: number[]; events: { d: number; delay: number }[]; frames: number[]; on: boolean } };
    w.__rec = { long: [], events: [], frames: [], on: true };
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__rec.long.push(e.duration))).observe({ type: 'longtask' });
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => {
        const t = e as PerformanceEventTiming;
        w.__rec.events.push({ d: t.duration, delay: t.processingStart - t.startTime });
      }),
    ).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      w.__rec.frames.push(now - last);
      last = now;
      if (w.__rec.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export async function stopRecording(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __rec: { long: number[]; events: { d: number; delay: number }[]; frames: number[]; on: boolean } };
    w.__rec.on = false;
    return w.__rec;
  });
}

/** A person at the keyboard and the wheel while `until` is pending: a key every 100 ms, a wheel turn every 200 ms. */
export async function keepTouching(page: Page, listSelector: string, until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true));
  const box = await page.locator(listSelector).boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let n = 0;
  while (!done) {
    await page.keyboard.press('Shift');
    if (n++ % 2 === 0) await page.mouse.wheel(0, n % 4 === 1 ? 400 : -400);
    await sleep(100);
  }
  return n;
}

/** ms after `from` (performance.now() in Node) until the renderer's main thread stays under 15 % busy for a second. */
export async function msUntilIdle(cdp: CDPSession, from: number, limitMs = 30_000): Promise<number> {
  const busy = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return metrics.find((m) => m.name === 'TaskDuration')!.value * 1000;
  };
  const samples: { at: number; busy: number }[] = [];
  while (performance.now() - from < limitMs) {
    samples.push({ at: performance.now(), busy: await busy() });
    // The earliest sample from which a whole second stayed quiet.
    for (let i = 0; i < samples.length; i++) {
      const window = samples.filter((s) => s.at >= samples[i]!.at && s.at <= samples[i]!.at + 1000);
      const end = window[window.length - 1]!;
      if (end.at - samples[i]!.at >= 950 && (end.busy - samples[i]!.busy) / (end.at - samples[i]!.at) < 0.15) return Math.max(0, samples[i]!.at - from);
    }
    await sleep(100);
  }
  return Infinity;
}

/** JS heap plus Blink's (DOM) heap after a full GC, in MB, and the DOM node count. */
export async function heapMb(cdp: CDPSession): Promise<{ mb: number; nodes: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number };
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return { mb: (usage.usedSize + (usage.embedderHeapUsedSize ?? 0)) / 1e6, nodes: metrics.find((m) => m.name === 'Nodes')!.value };
}
