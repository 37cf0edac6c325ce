/**
 * Benchmark (not a test): inbound website-chat messages per second to committed + projected, and
 * inbound-to-agent latency with 20 connected agent sync clients. Each figure is printed beside a
 * bare node:http (+ ws broadcast) baseline measured in the same run on the same machine.
 *
 *   npm run bench            (MESSAGES=10000 CONCURRENCY=16 LATENCY_MESSAGES=200 AGENTS=20 to change the load)
 *
 * Both servers run in a child process of their own (bench/kaonServer.ts, bench/bareServer.ts),
 * and the load comes from autocannon in a third (bench/load.ts), at the same concurrency with the
 * same requests (webchat.send bodies with a new client id each, from 50 visitors' cookies).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { QUEUE, type QueueItem } from '../shared/sync/shapes';
import { docNames } from '../shared/sync/docNames';
import { newVisitorCookie, post, sayHello, setupOwner, syncClient } from './kaonClient';
import { fmt, summarize, whenPreviewShows } from './lib';
import { runLoad, startBare, startKaon, UNLIMITED_CHAT } from './processes';

const MESSAGES = Number(process.env.MESSAGES ?? 10_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const LATENCY_MESSAGES = Number(process.env.LATENCY_MESSAGES ?? 200);
const AGENTS = Number(process.env.AGENTS ?? 20);
// Each y-websocket provider in Node adds a process 'exit' listener.
process.setMaxListeners(2 * AGENTS + 10); // twice: a client following a rebase opens a second provider

const WARMUP = Math.max(CONCURRENCY, Math.min(1000, Math.floor(MESSAGES / 10)));

const cookies = Array.from({ length: 50 }, newVisitorCookie);
const sendLoad = (url: string, channelKey: string, prefix: string, amount = MESSAGES) => ({
  url: `${url}/trpc/webchat.send`,
  connections: CONCURRENCY,
  amount,
  maker: { kind: 'webchatSend' as const, channelKey, cookies, prefix, text: 'Message about an order' },
});

/** Baseline: a bare node:http server that parses the JSON body, and a ws fan-out to AGENTS clients. */
async function baseline() {
  const bare = await startBare('json');
  try {
    await runLoad(sendLoad(bare.url, 'bare', 'warm', WARMUP));
    const throughput = (await runLoad(sendLoad(bare.url, 'bare', 'bare'))).rate;
    const clients = await Promise.all(
      Array.from({ length: AGENTS }, () => new Promise<WebSocket>((resolve) => {
        const ws = new WebSocket(bare.url.replace('http', 'ws'));
        ws.on('open', () => resolve(ws));
      })),
    );
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_MESSAGES; i++) {
      const token = `lat${i}`;
      const start = performance.now();
      const arrived = clients.map((ws) => new Promise<void>((resolve) => {
        const on = (data: Buffer) => {
          if (data.toString() !== token) return;
          latencies.push(performance.now() - start);
          ws.off('message', on);
          resolve();
        };
        ws.on('message', on);
      }));
      await post(bare.url, { body: token });
      await Promise.all(arrived);
    }
    clients.forEach((ws) => ws.close());
    return { throughput, latency: summarize(latencies) };
  } finally {
    await bare.stop();
  }
}

async function kaonRun() {
  const dir = mkdtempSync(join(tmpdir(), 'kaon-bench-'));
  const kaon = await startKaon(dir, UNLIMITED_CHAT);
  try {
    const { session, spaceId, channelKey } = await setupOwner(kaon.url);
    await sayHello(kaon.url, channelKey, cookies);
    await runLoad(sendLoad(kaon.url, channelKey, 'warm', WARMUP));
    const run = await runLoad(sendLoad(kaon.url, channelKey, 'kaon'));
    // Counted as done once the last message is committed and projected into the queue doc.
    const done = await kaon.call<{ at: number }>({ op: 'settled', spaceId, since: Math.floor(run.startedAt) - 1 });
    const throughput = MESSAGES / ((Math.max(done.at, run.finishedAt) - run.startedAt) / 1000);

    // AGENTS real y-websocket clients on the space's queue doc.
    const agents = await Promise.all(Array.from({ length: AGENTS }, () => syncClient(kaon.url, docNames.queue(spaceId), session)));
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_MESSAGES; i++) {
      const token = `latency probe ${i}`;
      const start = performance.now();
      const arrived = agents.map((agent) => whenPreviewShows(agent.map<QueueItem>(QUEUE.open), token, start, latencies));
      await post(`${kaon.url}/trpc/webchat.send`, { channelKey, body: token, clientId: `probe-${String(i).padStart(8, '0')}` }, `kaon_visitor=${cookies[i % cookies.length]}`);
      await Promise.all(arrived);
    }
    agents.forEach((a) => a.close());
    return { throughput, latency: summarize(latencies) };
  } finally {
    await kaon.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bare = await baseline();
const kaon = await kaonRun();
console.log(`\nInbound website-chat messages (${fmt(MESSAGES)} messages from autocannon after ${fmt(WARMUP)} to warm up, ${CONCURRENCY} connections; ${AGENTS} agent sync clients for latency, ${LATENCY_MESSAGES} probes):\n`);
console.log('| measure | Kaon | bare node:http baseline | Kaon / baseline |');
console.log('|---|---|---|---|');
console.log(`| messages per second, committed + projected | ${fmt(kaon.throughput)} | ${fmt(bare.throughput)} (parse JSON, answer) | ${fmt(kaon.throughput / bare.throughput, 2)} |`);
console.log(`| inbound → agent latency p50 (ms) | ${fmt(kaon.latency.p50, 1)} | ${fmt(bare.latency.p50, 1)} (http → ws fan-out) | ${fmt(kaon.latency.p50 / bare.latency.p50, 1)}× |`);
console.log(`| inbound → agent latency p99 (ms) | ${fmt(kaon.latency.p99, 1)} | ${fmt(bare.latency.p99, 1)} | ${fmt(kaon.latency.p99 / bare.latency.p99, 1)}× |`);
console.log(`\n(${kaon.latency.n} Kaon and ${bare.latency.n} baseline latency samples; node ${process.version}, ${cpus().length} cores)`);
process.exit(0);
