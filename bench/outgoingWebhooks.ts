/**
 * Benchmark (not a test): does sending outgoing webhooks slow the inbox? The same website-chat
 * load (webchat.send, CONCURRENCY in flight) against a Kaon with no webhooks (the baseline, same
 * run), with WEBHOOKS webhooks subscribed to every event whose receiver answers 200 at once, and
 * with as many whose receiver never answers (each attempt waits the 10 s timeout).
 *
 *   npm run bench:outgoing   (MESSAGES=2000 CONCURRENCY=16 WEBHOOKS=3 to change the load)
 *
 * Kaon runs in a child process (bench/kaonServer.ts); the receivers run in this one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceiver, type Receiver } from '../server/testing/webhookReceiver';
import { newVisitorCookie, post, sayHello, setupOwner } from './kaonClient';
import { fmt, rate, summarize } from './lib';
import { startKaon, UNLIMITED_CHAT } from './processes';

const MESSAGES = Number(process.env.MESSAGES ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const WEBHOOKS = Number(process.env.WEBHOOKS ?? 3);
const EVENTS = ['conversation.opened', 'conversation.assigned', 'conversation.closed', 'message.received', 'message.sent'];

interface Run {
  label: string;
  perSecond: number;
  latency: ReturnType<typeof summarize>;
  /** Deliveries the receivers got by the end of the load, and how long the rest took to arrive. */
  deliveredDuringLoad?: number;
  drainMs?: number;
}

let runs = 0;
async function run(label: string, receiver: Receiver | null, waitForDeliveries = false): Promise<Run> {
  runs += 1;
  const dir = mkdtempSync(join(tmpdir(), 'kaon-bench-'));
  const kaon = await startKaon(dir, { ...UNLIMITED_CHAT, webhooksAllowPrivate: true });
  try {
    const { session, spaceId, channelKey } = await setupOwner(kaon.url);
    console.error(`[${label}] set up`);
    if (receiver) {
      for (let i = 0; i < WEBHOOKS; i++) await post(`${kaon.url}/trpc/webhooks.create`, { spaceId, url: receiver.url, events: EVENTS, description: `Bench ${i}` }, session);
    }
    // One visitor per message: every message opens a conversation (conversation.opened + message.received).
    const cookies = Array.from({ length: MESSAGES + 200 }, newVisitorCookie);
    await sayHello(kaon.url, channelKey, cookies);
    const send = (i: number) => post(`${kaon.url}/trpc/webchat.send`, { channelKey, body: `Order question ${i}`, clientId: `bench-${runs}-${i}`.padEnd(12, '0') }, `kaon_visitor=${cookies[i]}`).then(() => undefined);
    console.error(`[${label}] visitors said hello`);
    await rate(200, CONCURRENCY, (i) => send(MESSAGES + i)); // warm-up
    console.error(`[${label}] warmed up`);
    if (receiver) receiver.received.length = 0;
    const latencies: number[] = [];
    const perSecond = await rate(MESSAGES, CONCURRENCY, async (i) => {
      const t0 = performance.now();
      await send(i);
      latencies.push(performance.now() - t0);
    });
    const result: Run = { label, perSecond, latency: summarize(latencies) };
    if (receiver && waitForDeliveries) {
      result.deliveredDuringLoad = receiver.received.length;
      const t0 = performance.now();
      const expected = MESSAGES * 2 * WEBHOOKS;
      while (receiver.received.length < expected) {
        if (performance.now() - t0 > 120_000) throw new Error(`only ${receiver.received.length} of ${expected} deliveries arrived in 2 minutes`);
        await new Promise((r) => setTimeout(r, 20));
      }
      result.drainMs = performance.now() - t0;
    }
    return result;
  } finally {
    await kaon.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ok = await startReceiver();
const hanging = await startReceiver();
hanging.answerAlways('hang');
try {
  const runs = [await run('no webhooks (baseline)', null), await run(`${WEBHOOKS} webhooks, receiver answers 200`, ok, true), await run(`${WEBHOOKS} webhooks, receiver never answers`, hanging)];
  console.log(`\nOutgoing webhooks vs the inbox: ${MESSAGES} website-chat messages (each a new conversation), ${CONCURRENCY} in flight, ${cpus().length} cores\n`);
  console.log('| run | messages/s | webchat.send p50 / p99 (ms) | deliveries during the load | rest delivered in |');
  console.log('|---|---|---|---|---|');
  for (const r of runs) {
    const during = r.deliveredDuringLoad === undefined ? '—' : `${fmt(r.deliveredDuringLoad)} of ${fmt(MESSAGES * 2 * WEBHOOKS)}`;
    const drain = r.drainMs === undefined ? '—' : `${fmt(r.drainMs / 1000, 1)} s`;
    console.log(`| ${r.label} | ${fmt(r.perSecond)} | ${fmt(r.latency.p50, 1)} / ${fmt(r.latency.p99, 1)} | ${during} | ${drain} |`);
  }
} finally {
  await ok.close();
  await hanging.close();
}
