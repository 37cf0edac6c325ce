/**
 * Benchmark (not a test): inbound website-chat messages per second to committed + projected, and
 * inbound-to-agent latency with 20 connected agent sync clients. Each figure is printed beside a
 * bare node:http (+ ws broadcast) baseline measured in the same run on the same machine.
 *
 *   npm run bench            (MESSAGES=2000 LATENCY_MESSAGES=200 AGENTS=20 to change the load)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { QUEUE, type QueueItem } from '../shared/sync/shapes';
import { docNames } from '../shared/sync/docNames';
import { configFromEnv } from '../server/config';
import { createKaon } from '../server/http';
import { fmt, rate, summarize, whenPreviewShows } from './lib';

const MESSAGES = Number(process.env.MESSAGES ?? 2000);
const LATENCY_MESSAGES = Number(process.env.LATENCY_MESSAGES ?? 200);
const AGENTS = Number(process.env.AGENTS ?? 20);
const CONCURRENCY = 16;
// Each y-websocket provider in Node adds a process 'exit' listener.
process.setMaxListeners(AGENTS + 10);

async function post(url: string, body: string, cookie?: string) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) } });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res;
}

/** Baseline: a bare node:http server that parses the JSON body, and a ws fan-out to AGENTS clients. */
async function baseline() {
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { text: string };
      for (const ws of wss.clients) ws.send(parsed.text);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((r) => server.listen(0, r));
  const base = `http://localhost:${(server.address() as AddressInfo).port}`;
  const throughput = await rate(MESSAGES, CONCURRENCY, async (i) => void (await post(base, JSON.stringify({ text: `m${i}` }))));
  const clients = await Promise.all(
    Array.from({ length: AGENTS }, () => new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(base.replace('http', 'ws'));
      ws.on('open', () => resolve(ws));
    })),
  );
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_MESSAGES; i++) {
    const token = `lat${i}`;
    const start = performance.now();
    const arrived = clients.map((ws) => new Promise<void>((resolve) => {
      const on = (data: Buffer) => {
        if (data.toString() === token) {
          latencies.push(performance.now() - start);
          ws.off('message', on);
          resolve();
        }
      };
      ws.on('message', on);
    }));
    await post(base, JSON.stringify({ text: token }));
    await Promise.all(arrived);
  }
  clients.forEach((ws) => ws.close());
  wss.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  return { throughput, latency: summarize(latencies) };
}

async function kaonRun() {
  const dir = mkdtempSync(join(tmpdir(), 'kaon-bench-'));
  // One machine plays every visitor from one address: the per-visitor and per-address chat limits
  // would measure the limiter, not Kaon.
  const unlimited = { chatMessagesPerMinute: 1e9, chatMessagesPerMinutePerIp: 1e9, chatNewVisitorsPerHourPerIp: 1e9 };
  const kaon = createKaon({ ...configFromEnv({}), ...unlimited, dataDir: dir, clientDir: join(dir, 'none') });
  const base = await kaon.listen(0);
  try {
    const setup = await post(`${base}/trpc/setup.create`, JSON.stringify({ name: 'Bench Owner', email: 'bench@example.com', password: 'bench-password', spaceName: 'Bench' }));
    const session = setup.headers.getSetCookie()[0]!.split(';')[0]!;
    const spaceId = ((await setup.json()) as { result: { data: { space: { id: string } } } }).result.data.space.id;
    const list = (await (await fetch(`${base}/trpc/channels.list?input=${encodeURIComponent(JSON.stringify({ spaceId }))}`, { headers: { cookie: session } })).json()) as {
      result: { data: Array<{ chatPath: string }> };
    };
    const channelKey = list.result.data[0]!.chatPath.split('/')[2]!;
    // 50 visitors, each remembered by their own cookie.
    const visitors = await Promise.all(
      Array.from({ length: 50 }, async () => (await post(`${base}/trpc/webchat.hello`, JSON.stringify({ channelKey }))).headers.getSetCookie()[0]!.split(';')[0]!),
    );
    const send = (i: number, body: string) =>
      post(`${base}/trpc/webchat.send`, JSON.stringify({ channelKey, body, clientId: `bench-${i}-${Math.random().toString(36).slice(2, 10)}` }), visitors[i % visitors.length]);
    const throughput = await rate(MESSAGES, CONCURRENCY, async (i) => void (await send(i, `Message ${i} about an order`)));

    // AGENTS real y-websocket clients on the space's queue doc.
    class CookieWs extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie: session } });
      }
    }
    const agents = await Promise.all(
      Array.from({ length: AGENTS }, () => new Promise<{ doc: Y.Doc; provider: WebsocketProvider }>((resolve) => {
        const doc = new Y.Doc();
        const provider = new WebsocketProvider(`${base.replace('http', 'ws')}/yjs`, docNames.queue(spaceId), doc, { WebSocketPolyfill: CookieWs as never, disableBc: true });
        provider.once('sync', () => resolve({ doc, provider }));
      })),
    );
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_MESSAGES; i++) {
      const token = `latency probe ${i}`;
      const start = performance.now();
      const arrived = agents.map(({ doc }) => whenPreviewShows(doc.getMap<QueueItem>(QUEUE.open), token, start, latencies));
      await send(MESSAGES + i, token);
      await Promise.all(arrived);
    }
    agents.forEach(({ provider, doc }) => (provider.destroy(), doc.destroy()));
    return { throughput, latency: summarize(latencies) };
  } finally {
    await kaon.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bare = await baseline();
const kaon = await kaonRun();
console.log(`\nInbound website-chat messages (${fmt(MESSAGES)} messages, ${CONCURRENCY} in flight; ${AGENTS} agent sync clients for latency, ${LATENCY_MESSAGES} probes):\n`);
console.log('| measure | Kaon | bare node:http baseline | Kaon / baseline |');
console.log('|---|---|---|---|');
console.log(`| messages per second, committed + projected | ${fmt(kaon.throughput)} | ${fmt(bare.throughput)} (parse JSON, answer) | ${fmt(kaon.throughput / bare.throughput, 2)} |`);
console.log(`| inbound → agent latency p50 (ms) | ${fmt(kaon.latency.p50, 1)} | ${fmt(bare.latency.p50, 1)} (http → ws fan-out) | ${fmt(kaon.latency.p50 / bare.latency.p50, 1)}× |`);
console.log(`| inbound → agent latency p99 (ms) | ${fmt(kaon.latency.p99, 1)} | ${fmt(bare.latency.p99, 1)} | ${fmt(kaon.latency.p99 / bare.latency.p99, 1)}× |`);
console.log(`\n(${kaon.latency.n} Kaon and ${bare.latency.n} baseline latency samples; node ${process.version}, ${(await import('node:os')).cpus().length} cores)`);
process.exit(0);
