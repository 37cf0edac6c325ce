/**
 * Benchmark (not a test), issue #11: a year of traffic on one machine. Seeds a database to 1M
 * messages, 100k contacts and 200k closed conversations through the project's own schema and
 * search index (bench/scale/seed.ts), then measures on the real server (bench/kaonServer.ts, a
 * child process; load from autocannon in another, bench/load.ts) each figure beside its
 * baseline: inbound rate on an empty vs the seeded database, deep in one thread, with 1,000 idle
 * visitor streams; search, list pages and contact re-index on the seeded vs a small seeded
 * database; the queue doc's size as messages accumulate; opening a 10,000-message thread; RSS.
 *
 *   npm run bench:scale
 *   SCALE_MESSAGES=100000 QUEUE_MESSAGES=20000 npm run bench:scale     (a quick run)
 *
 * Sizes: SCALE_MESSAGES (1,000,000; contacts a tenth of it, closed conversations a fifth, or
 * SCALE_CONTACTS / SCALE_CLOSED), LONG_THREAD (10,000), QUEUE_MESSAGES (100,000 into QUEUE_OPEN
 * 500 open conversations, at most QUEUE_SECONDS 120 s), RATE_SECONDS (10 s of load per rate),
 * THREAD_MESSAGES (3,000, at most THREAD_SECONDS 90 s), STREAMS (1,000), CONCURRENCY (16
 * connections), RUNS (up to 20 per read), BASELINE_SCALE (0.01: the small database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { newVisitorCookie, sayHello, setupOwner, type Space } from './kaonClient';
import type { KaonAsk } from './kaonServer';
import { residentMemory, startBare, startKaon, UNLIMITED_CHAT, type Child } from './processes';
import { openLongThread, timeReads } from './scale/reads';
import { seedDatabase, visitorCookie, type SeedSizes } from './scale/seed';
import { send, type Sent } from './scale/send';
import { openStreams } from './scale/streams';
import { printTable } from './scale/table';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MESSAGES = env('SCALE_MESSAGES', 1_000_000);
const FULL: SeedSizes = {
  messages: MESSAGES,
  contacts: env('SCALE_CONTACTS', Math.round(MESSAGES / 10)),
  closed: env('SCALE_CLOSED', Math.round(MESSAGES / 5)),
  longThread: env('LONG_THREAD', 10_000),
};
const BASELINE_SCALE = env('BASELINE_SCALE', 0.01);
const SMALL: SeedSizes = {
  messages: Math.max(100, Math.round(FULL.messages * BASELINE_SCALE)),
  contacts: Math.max(10, Math.round(FULL.contacts * BASELINE_SCALE)),
  closed: Math.max(20, Math.round(FULL.closed * BASELINE_SCALE)),
  longThread: Math.max(10, Math.round(FULL.longThread * BASELINE_SCALE)),
};
const QUEUE_MESSAGES = env('QUEUE_MESSAGES', 100_000);
const QUEUE_OPEN = env('QUEUE_OPEN', 500);
const QUEUE_SECONDS = env('QUEUE_SECONDS', 120);
const RATE_SECONDS = env('RATE_SECONDS', 10);
const THREAD_MESSAGES = env('THREAD_MESSAGES', 3000);
const THREAD_SECONDS = env('THREAD_SECONDS', 90);
const THREAD_CHUNK = 500;
const STREAMS = env('STREAMS', 1000);
const CONCURRENCY = env('CONCURRENCY', 16);
const RUNS = env('RUNS', 20);
// One y-websocket provider per open adds a process 'exit' listener.
process.setMaxListeners(50);

const CONFIG = { ...UNLIMITED_CHAT, chatStreamsPerIp: STREAMS + 50 };
const dirs: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `kaon-scale-${name}-`));
  dirs.push(dir);
  return dir;
};
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const memory = (kaon: Child<KaonAsk>) => residentMemory(kaon.pid);
type QueueDoc = { bytes: number; open: number; stored: { rows: number; bytes: number } };

/**
 * An empty database: the inbound rate as the first messages arrive and after QUEUE_MESSAGES, and
 * deep in one thread; the queue doc's size. The fills stop at their time box (QUEUE_SECONDS,
 * THREAD_SECONDS) on a slow server; the table says how far they got.
 */
async function emptyDatabase() {
  const kaon = await startKaon(tempDir('empty'), CONFIG);
  const idle = memory(kaon);
  const space = await setupOwner(kaon.url);
  const cookies = Array.from({ length: QUEUE_OPEN }, newVisitorCookie);
  await sayHello(kaon.url, space.channelKey, cookies);
  let total = 0;
  let lastRate = 100;
  const sendSome = async (load: { amount: number } | { seconds: number }, from = cookies) => {
    const sent = await send(kaon, space, from, load, CONCURRENCY);
    total += sent.messages;
    lastRate = sent.rate;
    return sent;
  };
  // Chunks of about ten seconds each, so a time box is not overshot by much.
  const fillTo = async (target: number, deadline: number) => {
    while (total < target && performance.now() < deadline) await sendSome({ amount: Math.min(target - total, Math.max(500, Math.round(lastRate * 10))) });
  };
  log(`empty database: ${QUEUE_OPEN} visitors open their conversations`);
  await sendSome({ amount: QUEUE_OPEN });
  const first = await sendSome({ seconds: RATE_SECONDS });
  log(`empty database: filling to ${QUEUE_MESSAGES.toLocaleString('en-US')} messages (at most ${QUEUE_SECONDS} s)`);
  const fillDeadline = performance.now() + QUEUE_SECONDS * 1000;
  await fillTo(Math.min(10_000, QUEUE_MESSAGES), fillDeadline);
  const queue10k = await kaon.call<QueueDoc>({ op: 'queueDoc', spaceId: space.spaceId });
  const queue10kAt = total;
  await fillTo(QUEUE_MESSAGES, fillDeadline);
  const late = await sendSome({ seconds: RATE_SECONDS });
  const queueLate = await kaon.call<QueueDoc>({ op: 'queueDoc', spaceId: space.spaceId });
  const queueLateAt = total;

  log(`empty database: ${THREAD_MESSAGES} messages in one thread (at most ${THREAD_SECONDS} s)`);
  const visitor = [newVisitorCookie()];
  await sayHello(kaon.url, space.channelKey, visitor);
  const chunks: Sent[] = [];
  const threadDeadline = performance.now() + THREAD_SECONDS * 1000;
  let inThread = 0;
  while (inThread < THREAD_MESSAGES && (chunks.length < 2 || performance.now() < threadDeadline)) {
    chunks.push(await sendSome({ amount: Math.min(THREAD_CHUNK, THREAD_MESSAGES - inThread) }, visitor));
    inThread += chunks.at(-1)!.messages;
  }
  const threadLast = { ...chunks.at(-1)!, from: inThread - chunks.at(-1)!.messages + 1, to: inThread };
  const end = memory(kaon);
  await kaon.stop();
  return { startMs: kaon.startMs, idle, end, first, late, queue10k, queue10kAt, queueLate, queueLateAt, threadFirst: chunks[0]!, threadLast };
}

/** A seeded database (the full one, or the small baseline): reads, re-index, the long thread; on the full one also the inbound rates. */
async function seededDatabase(name: string, sizes: SeedSizes, inbound: boolean) {
  const dir = tempDir(name);
  let kaon = await startKaon(dir, CONFIG);
  const space: Space = await setupOwner(kaon.url);
  await kaon.stop();
  log(`${name} database: seeding ${sizes.messages.toLocaleString('en-US')} messages, ${sizes.contacts.toLocaleString('en-US')} contacts, ${sizes.closed.toLocaleString('en-US')} closed conversations`);
  const seeded = seedDatabase(dir, sizes);
  log(`${name} database: seeded in ${seeded.seconds.toFixed(1)} s`);
  kaon = await startKaon(dir, CONFIG);
  const idle = memory(kaon);
  let rates: { seeded: Sent; streams: Sent; streamsMemory: { rss: number; peak: number } } | undefined;
  if (inbound) {
    // Visitors who wrote before (their conversations closed) come back, as many as on the empty database.
    const cookies = Array.from({ length: Math.min(QUEUE_OPEN, sizes.contacts) }, (_, i) => visitorCookie(i));
    await sayHello(kaon.url, space.channelKey, cookies);
    await send(kaon, space, cookies, { amount: cookies.length }, CONCURRENCY);
    log(`${name} database: inbound rate without and with ${STREAMS} idle visitor streams`);
    const without = await send(kaon, space, cookies, { seconds: RATE_SECONDS }, CONCURRENCY);
    const watchers = Array.from({ length: STREAMS }, newVisitorCookie);
    await sayHello(kaon.url, space.channelKey, watchers);
    const streams = await openStreams(kaon.url, space.channelKey, watchers);
    const withStreams = await send(kaon, space, cookies, { seconds: RATE_SECONDS }, CONCURRENCY);
    const streamsMemory = memory(kaon);
    streams.close();
    rates = { seeded: without, streams: withStreams, streamsMemory };
  }
  log(`${name} database: search, lists, re-index, the long thread`);
  const reads = await timeReads(kaon.url, space, RUNS);
  const reindex = await kaon.call<number[]>({ op: 'reindex', spaceId: space.spaceId, count: RUNS });
  const thread = await openLongThread(kaon, space, seeded, 5);
  const end = memory(kaon);
  await kaon.stop();
  return { sizes, seeded, startMs: kaon.startMs, idle, end, rates, reads, reindex, thread };
}

export type EmptyResult = Awaited<ReturnType<typeof emptyDatabase>>;
export type SeededResult = Awaited<ReturnType<typeof seededDatabase>>;

async function bareMemory() {
  const bare = await startBare('json');
  const m = residentMemory(bare.pid);
  await bare.stop();
  return m;
}

try {
  const started = performance.now();
  const bare = await bareMemory();
  const empty = await emptyDatabase();
  const small = await seededDatabase('small', SMALL, false);
  const full = await seededDatabase('full', FULL, true);
  printTable({ empty, small, full, bare, seconds: (performance.now() - started) / 1000, settings: { QUEUE_OPEN, QUEUE_MESSAGES, QUEUE_SECONDS, RATE_SECONDS, THREAD_MESSAGES, THREAD_SECONDS, THREAD_CHUNK, STREAMS, CONCURRENCY, RUNS }, machine: `node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB` });
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
