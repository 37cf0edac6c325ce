/** The table bench/scale.ts prints: each figure, its baseline, the ratio and the goal. */
import type { EmptyResult, SeededResult } from '../scale';
import { fmt, summarize } from '../lib';
import type { Timing } from './reads';

interface Results {
  empty: EmptyResult;
  small: SeededResult;
  full: SeededResult;
  bare: { rss: number; peak: number };
  seconds: number;
  settings: Record<string, number>;
  machine: string;
}

const n = (v: number) => fmt(v);
const ms = (v: number) => `${fmt(v, v < 10 ? 2 : 1)} ms`;
const mb = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MB`;
const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;
const rows: string[] = [];
const row = (measure: string, value: string, baseline: string, ratio: string, goal: string) => rows.push(`| ${measure} | ${value} | ${baseline} | ${ratio} | ${goal} |`);

/** A rate against its baseline: ratio ≥ 0.8 is the goal (a message costs about the same). */
function rate(measure: string, value: number, baselineLabel: string, baseline: number) {
  const r = value / baseline;
  row(measure, `${n(value)}/s`, `${n(baseline)}/s (${baselineLabel})`, `${fmt(r, 2)} ${r >= 0.8 ? '✓' : '✗'}`, '≥ 0.8');
}

/** A time or a size against the same on the small database: constant cost means within 1.25× (the inverse of 0.8). */
function cost(measure: string, value: number, baseline: number, show: (v: number) => string, baselineLabel: string, goal = true) {
  const r = value / baseline;
  row(measure, show(value), `${show(baseline)} (${baselineLabel})`, `${fmt(r, r < 10 ? 2 : 0)}×${goal ? (r <= 1.25 ? ' ✓' : ' ✗') : ''}`, goal ? '≤ 1.25×' : '—');
}

const p = (t: Timing, which: 'p50' | 'p95') => t[which];

export function printTable(r: Results) {
  const { empty, small, full } = r;
  const s = r.settings;
  const scale = `${n(full.sizes.messages)} msgs`;
  const smallLabel = `${n(small.sizes.messages)} msgs`;
  // A fill that stopped at its time box says so: the figure is for as far as it got.
  const queueBox = empty.queueLateAt < s.QUEUE_MESSAGES! ? `; ${n(s.QUEUE_MESSAGES!)} not reached in ${s.QUEUE_SECONDS} s` : '';
  const threadBox = empty.threadLast.to < s.THREAD_MESSAGES! ? ` (${n(s.THREAD_MESSAGES!)} not reached in ${s.THREAD_SECONDS} s)` : '';
  rate(`inbound messages/s, seeded database (${scale}, ${n(full.sizes.contacts)} contacts, ${n(full.sizes.closed)} closed)`, full.rates!.seeded.rate, 'empty database', empty.first.rate);
  rate(`inbound messages/s after ${n(empty.queueLateAt)} messages into ${n(s.QUEUE_OPEN!)} open conversations${queueBox}`, empty.late.rate, 'the first ones', empty.first.rate);
  rate(`inbound messages/s in one thread, messages ${n(empty.threadLast.from)}–${n(empty.threadLast.to)}${threadBox}`, empty.threadLast.rate, `first ${n(s.THREAD_CHUNK!)}`, empty.threadFirst.rate);
  rate(`inbound messages/s with ${n(s.STREAMS!)} idle visitor streams (webchat.events)`, full.rates!.streams.rate, 'none, same database', full.rates!.seeded.rate);
  for (const kind of Object.keys(full.reads.search)) {
    for (const which of ['p50', 'p95'] as const) cost(`search "${kind}" ${which}`, p(full.reads.search[kind]!, which), p(small.reads.search[kind]!, which), ms, smallLabel);
  }
  cost('Closed tab, first page (200) p50', full.reads.closedFirst.p50, small.reads.closedFirst.p50, ms, smallLabel);
  cost('Closed tab, 10th page p50', full.reads.closedTenth.p50, small.reads.closedTenth.p50, ms, smallLabel);
  cost('Contacts by recent activity, first page (50) p50', full.reads.contactsFirst.p50, small.reads.contactsFirst.p50, ms, smallLabel);
  cost('Contacts by recent activity, 10th page p50', full.reads.contactsTenth.p50, small.reads.contactsTenth.p50, ms, smallLabel);
  const reindexFull = summarize(full.reindex);
  const reindexSmall = summarize(small.reindex);
  cost('contact re-index (search.reindexContact) p50', reindexFull.p50, reindexSmall.p50, ms, smallLabel);
  cost('contact re-index (search.reindexContact) p95', reindexFull.p95, reindexSmall.p95, ms, smallLabel);
  cost(`queue doc bytes (Y.encodeStateAsUpdate of the server's copy) after ${n(empty.queueLateAt)} messages (${n(empty.queueLate.open)} open${queueBox})`, empty.queueLate.bytes, empty.queue10k.bytes, kb, `after ${n(empty.queue10kAt)}`);
  cost(`queue doc stored bytes (SQLite rows) after ${n(empty.queueLateAt)} messages`, empty.queueLate.stored.bytes, empty.queue10k.stored.bytes, kb, `after ${n(empty.queue10kAt)}`);
  const thread = `${n(full.sizes.longThread)}-message thread`;
  const smallThread = `${n(small.sizes.longThread)} msgs`;
  cost(`open a ${thread}: until a y-websocket client synced, p50 of 5 cold`, full.thread.open.p50, small.thread.open.p50, ms, smallThread, false);
  cost(`conv doc bytes of the ${thread} (client, ${n(full.thread.items)} items)`, full.thread.bytes, small.thread.bytes, kb, smallThread, false);
  cost(`first message into the seeded ${thread} (projects it whole), until projected`, full.thread.firstMessageMs, small.thread.firstMessageMs, ms, smallThread, false);
  cost('server start-up (createKaon + listen)', full.startMs, empty.startMs, ms, 'empty database', false);
  cost('server RSS, idle after start on the seeded database', full.idle.rss, empty.idle.rss, mb, 'empty database', false);
  cost(`server RSS with ${n(s.STREAMS!)} visitor streams open`, full.rates!.streamsMemory.rss, full.idle.rss, mb, 'idle, same database', false);
  cost('server peak RSS (seeded database run)', full.end.peak, empty.end.peak, mb, `empty database run`, false);
  row('seeding (SQLite, batched INSERTs + search.index)', `${fmt(full.seeded.seconds, 1)} s`, `${fmt(small.seeded.seconds, 1)} s (${smallLabel})`, '—', 'under a minute or two');

  console.log(`\nKaon at scale (bench/scale.ts), ${new Date().toISOString().slice(0, 10)}: ${r.machine}; ${s.CONCURRENCY} autocannon connections, ${s.RATE_SECONDS} s of load per rate, up to ${s.RUNS} runs per read (at least 5, about 6 s each); bare node:http RSS ${mb(r.bare.rss)}; ${fmt(r.seconds / 60, 1)} min in all.\n`);
  console.log('| measure | value | baseline | ratio | goal |');
  console.log('|---|---|---|---|---|');
  for (const line of rows) console.log(line);
}
