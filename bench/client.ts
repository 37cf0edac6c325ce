/**
 * Benchmark (not a test): the inbox at volume in a real browser (Debian's Chromium, headless).
 * Seeds OPEN open conversations and one LONG-message thread through Kaon's own commands, then
 * measures the built client: first rows (cold, reload, reload offline), tab switches, scrolling,
 * opening the long thread, memory, and a BURST of new conversations arriving over HTTP while the
 * tab is open (input delay, long tasks, frames, time back to idle, counts right). Each figure is
 * printed beside a baseline measured in the same run: the same rows as plain data in a minimal
 * virtualized list (bench/clientBaseline.ts).
 *
 *   npx vite build && npm run bench:client      (OPEN=5000 LONG=10000 BURST=2000 OPENS=5 RELOADS=3 to change the load;
 *                                               BURST_PROFILE=<file> saves the renderer's CPU profile of the burst)
 */
import { rmSync, writeFileSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { transitionConversation } from '../server/commands/transitionConversation';
import { contacts } from '../server/db/contacts';
import { BASELINE_HTML, type PlainRow } from './clientBaseline';
import { heapMb, keepTouching, msToFrame, msUntil, msUntilIdle, scrollFrames, shownAndFree, shownProbe, startRecording, stopRecording } from './clientPage';
import { seedKaon, type Seeded } from './clientSeed';
import { fmt, percentile, rate } from './lib';

const OPEN = Number(process.env.OPEN ?? 5000);
const LONG = Number(process.env.LONG ?? 10000);
const BURST = Number(process.env.BURST ?? 2000);
// A cold load and a thread's first open are one sample per browser, and this machine's noise is
// as large as the figures: both are taken in OPENS fresh browsers (each loads the queue and scrolls
// it before opening the thread) and the median is shown, with the slowest beside it.
const OPENS = Math.max(1, Number(process.env.OPENS ?? 5));
// Reloads repeat in the same browser: the median of RELOADS.
const RELOADS = Math.max(1, Number(process.env.RELOADS ?? 3));
const CONCURRENCY = 16;
const CLIENT_DIR = process.env.CLIENT_DIR ?? 'dist/client';
const runId = Math.random().toString(36).slice(2, 10);

type Figures = Record<string, number>;
const frameStats = (deltas: number[], prefix: string, out: Figures) => {
  const s = [...deltas].sort((a, b) => a - b);
  out[`${prefix} p50`] = percentile(s, 50);
  out[`${prefix} p95`] = percentile(s, 95);
  out[`${prefix} max`] = s[s.length - 1] ?? NaN;
  out[`${prefix} frames > 50 ms`] = s.filter((d) => d > 50).length;
  out[`${prefix} frames`] = s.length;
};
const medianOf = (samples: number[], name: string, out: Figures) => {
  const s = [...samples].sort((a, b) => a - b);
  out[`${name} (ms)`] = percentile(s, 50);
  out[`${name}: slowest (ms)`] = s[s.length - 1] ?? NaN;
};
/** RELOADS reloads of the page: the median time to its first rows (with the slowest) and to answering input. */
async function reloads(page: Page, name: string, out: Figures): Promise<void> {
  const shown: number[] = [];
  const free: number[] = [];
  for (let i = 0; i < RELOADS; i++) {
    await page.reload({ waitUntil: 'commit' });
    const r = await shownAndFree(page);
    shown.push(r.shown);
    free.push(r.free);
  }
  medianOf(shown, `first rows, ${name}`, out);
  out[`${name}: answers input from (ms)`] = percentile([...free].sort((a, b) => a - b), 50);
}
const recStats = (rec: { long: number[]; events: { d: number; delay: number }[]; frames: number[] }, out: Figures) => {
  out['burst: input delay max (ms)'] = Math.max(0, ...rec.events.map((e) => e.delay));
  out['burst: input event duration max (ms)'] = Math.max(0, ...rec.events.map((e) => e.d));
  out['burst: long tasks'] = rec.long.length;
  out['burst: long task max (ms)'] = Math.max(0, ...rec.long);
  out['burst: long tasks total (ms)'] = rec.long.reduce((a, b) => a + b, 0);
  out['burst: frame max (ms)'] = Math.max(0, ...rec.frames);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
const viewport = { width: 1400, height: 900 };
// tsx (esbuild) names inner functions with a `__name` helper that does not exist in the page.
const NAME_HELPER = 'globalThis.__name = (f) => f;';

async function kaonRun(s: Seeded): Promise<{ f: Figures; checks: string[]; burstMs: number }> {
  const f: Figures = {};
  const checks: string[] = [];
  const messages = `${s.base}/s/${s.spaceId}/messages`;
  const context: BrowserContext = await browser.newContext({ viewport, bypassCSP: true }); // the measurements evaluate code in the page, which the CSP (rightly) refuses
  await context.addInitScript(NAME_HELPER + shownProbe('.conv-row'));
  await context.addCookies([{ name: s.session.name, value: s.session.value, url: s.base }]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const tabCount = (tab: string) => page.locator(`#tab-${tab} .count`).innerText().then(Number);
  const expectCounts = async (label: string) => {
    const db = s.kaon.deps.db;
    const want = db.prepare("SELECT count(*) AS all_, total(assignee_id IS NULL) AS unassigned, total(assignee_id = ?) AS mine FROM conversations WHERE space_id = ? AND status = 'open'").get(s.userId, s.spaceId) as { all_: number; unassigned: number; mine: number };
    const deadline = performance.now() + 15_000;
    let got = { All: -1, Unassigned: -1, Mine: -1 };
    while (performance.now() < deadline) {
      got = { All: await tabCount('All'), Unassigned: await tabCount('Unassigned'), Mine: await tabCount('Mine') };
      if (got.All === want.all_ && got.Unassigned === want.unassigned && got.Mine === want.mine) return checks.push(`${label}: counts right (All ${got.All}, Unassigned ${got.Unassigned}, Mine ${got.Mine})`);
      await new Promise((r) => setTimeout(r, 200));
    }
    checks.push(`${label}: COUNTS WRONG: showed ${JSON.stringify(got)}, SQLite has ${JSON.stringify(want)}`);
  };

  // Cold: a browser that never saw Kaon (no service worker, no local copies).
  await page.goto(messages, { waitUntil: 'commit' });
  const colds = [await msUntil(page, '.conv-row')];
  f['all rows counted, cold (ms)'] = await page.waitForFunction((n) => Number(document.querySelector('#tab-All .count')?.textContent) === n ? performance.now() : 0, OPEN + 1, { polling: 'raf', timeout: 120_000 }).then((h) => h.jsonValue());
  await expectCounts('cold load');

  for (const tab of ['Unassigned', 'Mine', 'All'])
    f[`switch to ${tab} (ms)`] = await msToFrame(page, `document.getElementById('tab-${tab}').click()`, `document.getElementById('tab-${tab}').getAttribute('aria-selected') === 'true'`);
  frameStats(await scrollFrames(page, '#queue-panel', 1000), 'scroll All: frame (ms)', f);

  // The long thread: it is the newest conversation, the first row.
  const openLong = (on: Page = page) =>
    msToFrame(
      on,
      `[...document.querySelectorAll('.conv-row')].find((a) => a.textContent.includes(${JSON.stringify(s.longName)})).click()`,
      `(document.querySelector('.thread')?.textContent ?? '').includes(${JSON.stringify(s.newestText)})`,
    );
  await page.evaluate(() => (document.getElementById('queue-panel')!.scrollTop = 0));
  await page.waitForTimeout(300);
  const firstOpens = [await openLong()];
  await page.waitForTimeout(500);
  frameStats(await scrollFrames(page, '.thread-scroll', 2000, true), 'scroll 10k thread up: frame (ms)', f);
  // The doc holds the newest items; scrolling up pages earlier ones in (50 a page), so one sweep
  // shows more than the doc had but not all 10,000.
  // A page of earlier messages asked for at the top of the sweep may still be on its way.
  await page.waitForFunction(() => Number(document.querySelector('.thread [role="listitem"][aria-setsize]')?.getAttribute('aria-setsize')) > 201, null, { timeout: 3000 }).catch(() => undefined);
  const loaded = Number(await page.locator('.thread [role="listitem"][aria-setsize]').last().getAttribute('aria-setsize'));
  checks.push(
    (await page.locator('.thread').innerText()).includes(s.oldestText)
      ? 'thread scrolled up to its oldest message'
      : loaded > 201
        ? `thread: earlier messages paged in while scrolling up (${loaded.toLocaleString('en-US')} of ${LONG.toLocaleString('en-US')} loaded after one sweep)`
        : 'THREAD: no earlier messages paged in while scrolling up',
  );
  // Re-open (doc now local): go to another conversation and back.
  await page.evaluate(() => (document.querySelectorAll<HTMLAnchorElement>('.conv-row')[1])!.click());
  await page.waitForTimeout(500);
  f['open 10k thread again (ms)'] = await openLong();
  await page.waitForTimeout(1000);
  const heap = await heapMb(cdp);
  f['memory: JS + DOM heap, queue + 10k thread open (MB)'] = heap.mb;
  f['memory: DOM nodes'] = heap.nodes;

  // More first opens, each in a browser that never saw the thread, after the same load and sweep.
  for (let i = 1; i < OPENS; i++) {
    const fresh = await browser.newContext({ viewport, bypassCSP: true });
    await fresh.addInitScript(NAME_HELPER);
    await fresh.addCookies([{ name: s.session.name, value: s.session.value, url: s.base }]);
    const other = await fresh.newPage();
    await other.goto(messages, { waitUntil: 'commit' });
    colds.push(await msUntil(other, '.conv-row'));
    await other.waitForFunction((n) => Number(document.querySelector('#tab-All .count')?.textContent) === n, OPEN + 1, { timeout: 120_000 });
    await scrollFrames(other, '#queue-panel', 1000);
    await other.evaluate(() => (document.getElementById('queue-panel')!.scrollTop = 0));
    await other.waitForTimeout(300);
    firstOpens.push(await openLong(other));
    await fresh.close();
  }
  medianOf(firstOpens, 'open 10k thread, first time', f);
  medianOf(colds, 'first rows, cold', f);

  // The burst: BURST new visitors write at the server's full rate while the tab is open; meanwhile
  // conversations are closed, assigned and renamed. The tab must keep answering.
  await startRecording(page);
  // BURST_PROFILE=<file>: the renderer's CPU profile of the burst, for a look at its long tasks.
  if (process.env.BURST_PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const victims = (s.kaon.deps.db.prepare("SELECT id, contact_id, version FROM conversations WHERE space_id = ? AND status = 'open' AND id != ? ORDER BY last_message_at DESC LIMIT 60").all(s.spaceId, s.longId) as { id: string; contact_id: string; version: number }[]);
  const edits = async () => {
    await new Promise((r) => setTimeout(r, 1500));
    victims.forEach((v, i) => {
      const deps = s.kaon.deps;
      if (i < 20) transitionConversation(deps, { spaceId: s.spaceId, userId: s.userId, conversationId: v.id, version: v.version, command: { kind: 'close' } });
      else if (i < 40) transitionConversation(deps, { spaceId: s.spaceId, userId: s.userId, conversationId: v.id, version: v.version, command: { kind: 'assign', assigneeId: s.userId } });
      else {
        contacts.rename(deps.db, v.contact_id, `Renamed ${i}`);
        deps.events.publish(s.spaceId, { type: 'conversation.changed', conversationId: v.id, contactId: v.contact_id });
      }
    });
  };
  const start = performance.now();
  const sends = rate(BURST, CONCURRENCY, async (i) => {
    const res = await fetch(`${s.base}/trpc/webchat.send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channelKey: s.channelKey, name: `Burst ${i}`, body: `Burst arrival ${i}`, clientId: `burst-${i}-${runId}`, fileIds: [] }),
    });
    if (!res.ok) throw new Error(`send ${i}: ${res.status}`);
  });
  const [perSecond] = await Promise.all([sends, edits(), keepTouching(page, '#queue-panel', sends)]);
  const burstEnd = performance.now();
  f['burst: arrivals per second (server, HTTP)'] = perSecond;
  f['burst: length (ms)'] = burstEnd - start;
  f['burst: back to idle after its end (ms)'] = await msUntilIdle(page, burstEnd);
  recStats(await stopRecording(page), f);
  if (process.env.BURST_PROFILE) writeFileSync(process.env.BURST_PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  await expectCounts('after the burst (with closes, assigns, renames)');
  // The renamed conversations keep their place: find them in All by scrolling there.
  await page.evaluate(() => document.getElementById('tab-All')!.click());
  const renamedShown = await page.evaluate(async (n) => {
    const el = document.getElementById('queue-panel')!;
    for (let top = 0; top < el.scrollHeight; top += el.clientHeight) {
      el.scrollTop = top;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      if ((el.textContent ?? '').includes('Renamed 41')) return true;
      if (top > 64 * (n + 200)) break;
    }
    return false;
  }, BURST);
  checks.push(renamedShown ? 'a contact renamed during the burst shows its new name' : 'RENAME: new name not shown');

  // Reloads from local copies (service worker + IndexedDB): online, then offline.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await page.goto(messages);
  await page.waitForTimeout(1500); // IndexedDB has written what arrived
  await reloads(page, 'reload', f);
  await page.waitForTimeout(1500);
  await context.setOffline(true);
  await reloads(page, 'reload offline', f);
  await expectCounts('reload offline after the burst');
  await context.setOffline(false);
  await context.close();
  return { f, checks, burstMs: burstEnd - start };
}

async function baselineRun(rows: PlainRow[], thread: { body: string }[], burst: PlainRow[], burstMs: number, me: string): Promise<Figures> {
  const f: Figures = {};
  const context = await browser.newContext({ viewport, bypassCSP: true });
  await context.addInitScript(NAME_HELPER + shownProbe('.row'));
  const origin = 'http://baseline.test';
  await context.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/__baseline/rows.json') return route.fulfill({ contentType: 'application/json', body: JSON.stringify(rows) });
    if (path === '/__baseline/thread.json') return route.fulfill({ contentType: 'application/json', body: JSON.stringify(thread) });
    return route.fulfill({ contentType: 'text/html', body: BASELINE_HTML.replace('__ME__', me), headers: { 'cache-control': 'no-cache' } });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${origin}/`, { waitUntil: 'commit' });
  const colds = [await msUntil(page, '.row')];
  f['all rows counted, cold (ms)'] = colds[0]!;
  for (const tab of ['Unassigned', 'Mine', 'All']) f[`switch to ${tab} (ms)`] = await msToFrame(page, `switchTab('${tab}')`);
  frameStats(await scrollFrames(page, '#list', 1000), 'scroll All: frame (ms)', f);
  const openThread = (on: Page) => msToFrame(on, 'openThread()', `(document.getElementById('thread').textContent).includes(${JSON.stringify(thread[thread.length - 1]!.body)})`);
  const firstOpens = [await openThread(page)];
  for (let i = 1; i < OPENS; i++) {
    const other = await context.newPage();
    await other.goto(`${origin}/`, { waitUntil: 'commit' });
    colds.push(await msUntil(other, '.row'));
    await scrollFrames(other, '#list', 1000);
    firstOpens.push(await openThread(other));
    await other.close();
  }
  medianOf(firstOpens, 'open 10k thread, first time', f);
  medianOf(colds, 'first rows, cold', f);
  frameStats(await scrollFrames(page, '#thread', 2000, true), 'scroll 10k thread up: frame (ms)', f);
  f['open 10k thread again (ms)'] = await openThread(page);
  const heap = await heapMb(cdp);
  f['memory: JS + DOM heap, queue + 10k thread open (MB)'] = heap.mb;
  f['memory: DOM nodes'] = heap.nodes;

  // The same arrivals at the same pace as Kaon's burst, handed to the page in slices every 20 ms.
  await startRecording(page);
  const start = performance.now();
  const feed = (async () => {
    let sent = 0;
    while (sent < burst.length) {
      const due = Math.min(burst.length, Math.ceil(((performance.now() - start) / burstMs) * burst.length));
      if (due > sent) await page.evaluate((slice) => (window as unknown as { arrive(r: unknown[]): void }).arrive(slice), burst.slice(sent, due));
      sent = due;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await Promise.all([feed, keepTouching(page, '#list', feed)]);
  const end = performance.now();
  f['burst: arrivals per second (server, HTTP)'] = burst.length / ((end - start) / 1000);
  f['burst: length (ms)'] = end - start;
  f['burst: back to idle after its end (ms)'] = await msUntilIdle(page, end);
  recStats(await stopRecording(page), f);
  await reloads(page, 'reload', f);
  f['first rows, reload offline (ms)'] = NaN;
  await context.close();
  return f;
}

const seeded = await seedKaon({ open: OPEN, long: LONG, clientDir: CLIENT_DIR });
console.log(`seeded ${fmt(OPEN)} open conversations and a ${fmt(LONG)}-message thread in ${fmt(seeded.seedMs / 1000, 1)} s`);
let kaon: Awaited<ReturnType<typeof kaonRun>>;
try {
  kaon = await kaonRun(seeded);
} finally {
  await seeded.kaon.close();
  rmSync(seeded.dir, { recursive: true, force: true });
}
const now = Date.now();
const rows: PlainRow[] = Array.from({ length: OPEN + 1 }, (_, i) => ({ id: `c${i}`, contactName: `Contact ${i}`, preview: `Question ${i}: where is my order? It was due last week.`, lastAt: now - (OPEN - i) * 60_000, assigneeId: null }));
const burstRows: PlainRow[] = Array.from({ length: BURST }, (_, i) => ({ id: `b${i}`, contactName: `Burst ${i}`, preview: `Burst arrival ${i}`, lastAt: now + i, assigneeId: null }));
const thread = Array.from({ length: LONG }, (_, i) => ({ body: `Long thread message ${i}` }));
const base = await baselineRun(rows, thread, burstRows, kaon.burstMs, 'me');
await browser.close();

const TARGET: Record<string, string> = {
  'first rows, cold (ms)': '≤ 1000',
  'first rows, reload (ms)': '≤ 300',
  'first rows, reload offline (ms)': '≤ 300',
  'switch to Unassigned (ms)': '≤ 100',
  'switch to Mine (ms)': '≤ 100',
  'switch to All (ms)': '≤ 100',
  'scroll All: frame (ms) max': '≤ 50',
  'open 10k thread, first time (ms)': '≤ 200',
  'open 10k thread again (ms)': '≤ 200',
  'scroll 10k thread up: frame (ms) max': '≤ 50',
  'burst: input delay max (ms)': '≤ 100',
  'burst: input event duration max (ms)': '≤ 100',
  'burst: back to idle after its end (ms)': '≤ 2000',
  'memory: JS + DOM heap, queue + 10k thread open (MB)': '< 300',
};
const ORDER = [
  'first rows, cold (ms)', 'first rows, cold: slowest (ms)', 'all rows counted, cold (ms)', 'first rows, reload (ms)', 'first rows, reload: slowest (ms)', 'reload: answers input from (ms)', 'first rows, reload offline (ms)', 'first rows, reload offline: slowest (ms)', 'reload offline: answers input from (ms)',
  'switch to Unassigned (ms)', 'switch to Mine (ms)', 'switch to All (ms)',
  'scroll All: frame (ms) p50', 'scroll All: frame (ms) p95', 'scroll All: frame (ms) max', 'scroll All: frame (ms) frames > 50 ms', 'scroll All: frame (ms) frames',
  'open 10k thread, first time (ms)', 'open 10k thread, first time: slowest (ms)', 'open 10k thread again (ms)',
  'scroll 10k thread up: frame (ms) p50', 'scroll 10k thread up: frame (ms) p95', 'scroll 10k thread up: frame (ms) max', 'scroll 10k thread up: frame (ms) frames > 50 ms',
  'burst: arrivals per second (server, HTTP)', 'burst: length (ms)', 'burst: input delay max (ms)', 'burst: input event duration max (ms)',
  'burst: long tasks', 'burst: long task max (ms)', 'burst: long tasks total (ms)', 'burst: frame max (ms)', 'burst: back to idle after its end (ms)',
  'memory: JS + DOM heap, queue + 10k thread open (MB)', 'memory: DOM nodes',
];
const cell = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '—' : n === Infinity ? '> 30000' : fmt(n, n < 10 && n % 1 !== 0 ? 1 : 0));
console.log(`\nThe inbox at volume in Chromium (headless): ${fmt(OPEN)} open conversations + one ${fmt(LONG)}-message thread; burst of ${fmt(BURST)} new conversations, ${CONCURRENCY} sends in flight; cold first rows and a thread's first open are the median of ${OPENS} fresh browsers, reloads of ${RELOADS}\n`);
console.log('| measure | Kaon | plain virtual list baseline | Kaon / baseline | target |');
console.log('|---|---|---|---|---|');
for (const key of ORDER) {
  const k = kaon.f[key];
  const b = base[key];
  const ratio = k !== undefined && b !== undefined && b > 0 && Number.isFinite(k) && Number.isFinite(b) ? `${fmt(k / b, 1)}×` : '—';
  console.log(`| ${key} | ${cell(k)} | ${cell(b)} | ${ratio} | ${TARGET[key] ?? ''} |`);
}
console.log('\nChecks:');
for (const c of kaon.checks) console.log(`- ${c}`);
console.log(`\n(node ${process.version}, ${(await import('node:os')).cpus().length} cores; the baseline replays the burst's arrivals at Kaon's measured pace)`);
process.exit(0);
