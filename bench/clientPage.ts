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

/**
 * ms after `from` (performance.now() in Node) until the page's main thread stays under 15 % busy
 * for a whole second. Measured inside the page: a 10 ms timer that runs late was kept from running
 * by work on the main thread (tasks, style, layout, paint), so its lateness is that work. (The CDP
 * TaskDuration metric this replaced read over 30 s for a page doing nothing.)
 */
export async function msUntilIdle(page: Page, from: number, limitMs = 30_000): Promise<number> {
  const called = performance.now();
  const inPage = await page.evaluate(async (limit) => {
    const t0 = performance.now();
    const ticks: { at: number; late: number }[] = [];
    let first = 0;
    return new Promise<number>((resolve) => {
      let expected = t0 + 10;
      const tick = () => {
        const now = performance.now();
        ticks.push({ at: now, late: Math.max(0, now - expected) });
        // The earliest tick from which the next second stayed quiet (a busy window stays busy: move on).
        while (first < ticks.length && now - ticks[first]!.at >= 1000) {
          const startAt = ticks[first]!.at;
          let late = 0;
          for (let j = first + 1; j < ticks.length && ticks[j]!.at <= startAt + 1000; j++) late += ticks[j]!.late;
          if (late / 1000 < 0.15) return resolve(startAt - t0);
          first++;
        }
        if (now - t0 > limit) return resolve(Infinity);
        expected = now + 10;
        setTimeout(tick, 10);
      };
      setTimeout(tick, 10);
    });
  }, limitMs);
  return Math.max(0, called - from + inPage);
}

/** JS heap plus Blink's (DOM) heap after a full GC, in MB, and the DOM node count. */
export async function heapMb(cdp: CDPSession): Promise<{ mb: number; nodes: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number };
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return { mb: (usage.usedSize + (usage.embedderHeapUsedSize ?? 0)) / 1e6, nodes: metrics.find((m) => m.name === 'Nodes')!.value };
}

/**
 * An init script for a page: from its first frame on, it notes when `selector` first matched in a
 * frame (`__shownAt`, ms since navigation) and records the page's long tasks, so a reload's first
 * rows are timed as painted, even when the main thread is busy right after (which would hold back
 * a poll started from outside).
 */
export function shownProbe(selector: string): string {
  return `(() => {
    const w = window;
    w.__long = [];
    try { new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch {}
    const poll = () => { if (document.querySelector(${JSON.stringify(selector)})) { w.__shownAt = performance.now(); return; } requestAnimationFrame(poll); };
    requestAnimationFrame(poll);
  })();`;
}

/** When the probed selector was first painted (ms since navigation), and until when long tasks then kept the page from answering input (ms since navigation; measured over 3 s). */
export async function shownAndFree(page: Page): Promise<{ shown: number; free: number }> {
  const shown = (await (await page.waitForFunction(() => (window as unknown as { __shownAt?: number }).__shownAt ?? 0, null, { timeout: 120_000 })).jsonValue()) as number;
  await page.waitForFunction(() => performance.now() > 3000, null, { timeout: 30_000, polling: 200 });
  const free = await page.evaluate((from) => {
    const long = (window as unknown as { __long: [number, number][] }).__long;
    return long.filter(([start]) => start < from + 3000).reduce((end, [start, d]) => Math.max(end, start + d), from);
  }, shown);
  return { shown, free };
}
