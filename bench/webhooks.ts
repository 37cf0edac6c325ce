/**
 * Benchmark (not a test): signed WhatsApp Cloud API webhooks per second to committed + visible
 * (the 200 is sent after the SQLite commit; visible = the message's preview reached an agent's
 * synced queue doc), beside a bare node:http baseline that checks the same X-Hub-Signature-256
 * HMAC on the raw body and parses the JSON, measured in the same run on the same machine. Both
 * receive identical payloads from the same client (the WhatsApp fake's customer side).
 *
 *   npm run bench:webhooks      (WEBHOOKS=2000 ROUNDS=3 PROBES=200 CONCURRENCY=16 to change the load)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { QUEUE, type QueueItem } from '../shared/sync/shapes';
import { docNames } from '../shared/sync/docNames';
import { createWhatsAppCustomer, type WhatsAppCustomer } from '../server/fakes/whatsappCustomer';
import { configFromEnv } from '../server/config';
import { createKaon } from '../server/http';
import { fmt, summarize, whenPreviewShows } from './lib';

const WEBHOOKS = Number(process.env.WEBHOOKS ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PROBES = Number(process.env.PROBES ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const APP_SECRET = 'bench-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
/** Customers writing (each a contact and a conversation in Kaon). */
const CUSTOMERS = 200;

const customerFor = (url: string): WhatsAppCustomer => {
  const customer = createWhatsAppCustomer({ appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '15550783881', addMedia: () => '0' });
  customer.setWebhookUrl(url);
  return customer;
};
const phone = (i: number) => `1555${String(1_000_000 + (i % CUSTOMERS))}`;

/** `ROUNDS` runs of `WEBHOOKS` text webhooks, `CONCURRENCY` in flight: per-round rates and per-request times. */
async function load(customer: WhatsAppCustomer, label: string) {
  const rates: number[] = [];
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < WEBHOOKS) {
          const i = next++;
          const t = performance.now();
          const res = await customer.sendText(phone(i), `${label} round ${round} message ${i} about an order`, { name: `Customer ${i % CUSTOMERS}` });
          if (res.status !== 200) throw new Error(`${label}: webhook answered ${res.status} ${res.text}`);
          times.push(performance.now() - t);
        }
      }),
    );
    rates.push(WEBHOOKS / ((performance.now() - start) / 1000));
  }
  return { rate: summarize(rates).p50, rates, request: summarize(times) };
}

/** Baseline: node:http verifying the same HMAC over the raw body and parsing the JSON; probes fan out over ws. */
async function baseline() {
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return void res.writeHead(401).end();
      const body = JSON.parse(raw.toString('utf8')) as { entry: Array<{ changes: Array<{ value: { messages?: Array<{ text?: { body: string } }> } }> }> };
      const text = body.entry[0]?.changes[0]?.value.messages?.[0]?.text?.body ?? '';
      for (const ws of wss.clients) ws.send(text);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((r) => server.listen(0, r));
  const base = `http://localhost:${(server.address() as AddressInfo).port}`;
  const customer = customerFor(`${base}/webhooks/whatsapp/bench`);
  const throughput = await load(customer, 'baseline');
  const agent = await new Promise<WebSocket>((resolve) => {
    const ws = new WebSocket(base.replace('http', 'ws'));
    ws.on('open', () => resolve(ws));
  });
  const latencies: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const token = `probe ${i}`;
    const start = performance.now();
    const arrived = new Promise<void>((resolve) => {
      const on = (data: Buffer) => {
        if (data.toString() !== token) return;
        latencies.push(performance.now() - start);
        agent.off('message', on);
        resolve();
      };
      agent.on('message', on);
    });
    await customer.sendText(phone(i), token);
    await arrived;
  }
  agent.close();
  wss.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  return { throughput, visible: summarize(latencies) };
}

async function post(url: string, body: unknown, cookie?: string) {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) } });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res;
}

async function kaonRun() {
  const dir = mkdtempSync(join(tmpdir(), 'kaon-bench-'));
  // Inbound text needs no Graph API call; nothing is sent in this benchmark.
  const kaon = createKaon({ ...configFromEnv({}), dataDir: dir, clientDir: join(dir, 'none'), whatsappApiBase: 'http://127.0.0.1:9' });
  const base = await kaon.listen(0);
  try {
    const setup = await post(`${base}/trpc/setup.create`, { name: 'Bench Owner', email: 'bench@example.com', password: 'bench-password', spaceName: 'Bench' });
    const session = setup.headers.getSetCookie()[0]!.split(';')[0]!;
    const spaceId = ((await setup.json()) as { result: { data: { space: { id: string } } } }).result.data.space.id;
    const channel = (await (
      await post(`${base}/trpc/providerChannels.createWhatsApp`, { spaceId, name: 'WhatsApp', phoneNumberId: PHONE_NUMBER_ID, accessToken: 'bench-token', appSecret: APP_SECRET, verifyToken: 'bench' }, session)
    ).json()) as { result: { data: { webhookPath: string } } };
    const customer = customerFor(base + channel.result.data.webhookPath);
    const throughput = await load(customer, 'kaon');

    // One agent's real y-websocket client on the space's queue doc.
    class CookieWs extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie: session } });
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${base.replace('http', 'ws')}/yjs`, docNames.queue(spaceId), doc, { WebSocketPolyfill: CookieWs as never, disableBc: true });
    await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
    const open = doc.getMap<QueueItem>(QUEUE.open);
    const latencies: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const token = `visibility probe ${i}`;
      const start = performance.now();
      const arrived = whenPreviewShows(open, token, start, latencies);
      const res = await customer.sendText(phone(i), token);
      if (res.status !== 200) throw new Error(`probe: ${res.status} ${res.text}`);
      await arrived;
    }
    provider.destroy();
    doc.destroy();
    const stored = (kaon.deps.db.prepare("SELECT count(*) AS n FROM messages WHERE direction = 'in'").get() as { n: number }).n;
    if (stored !== WEBHOOKS * ROUNDS + PROBES) throw new Error(`expected ${WEBHOOKS * ROUNDS + PROBES} stored messages, found ${stored}`);
    return { throughput, visible: summarize(latencies) };
  } finally {
    await kaon.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bare = await baseline();
const kaon = await kaonRun();
const ms = (n: number) => fmt(n, 1);
console.log(`\nSigned WhatsApp webhooks (${ROUNDS} rounds × ${fmt(WEBHOOKS)} text messages from ${CUSTOMERS} customers, ${CONCURRENCY} in flight; ${PROBES} visibility probes to 1 agent sync client):\n`);
console.log('| measure | Kaon | bare node:http baseline (HMAC + JSON.parse) | Kaon / baseline |');
console.log('|---|---|---|---|');
console.log(`| webhooks per second, committed (median of ${ROUNDS} rounds) | ${fmt(kaon.throughput.rate)} | ${fmt(bare.throughput.rate)} | ${fmt(kaon.throughput.rate / bare.throughput.rate, 2)} |`);
console.log(`| webhook → 200 p50 (ms) | ${ms(kaon.throughput.request.p50)} | ${ms(bare.throughput.request.p50)} | ${fmt(kaon.throughput.request.p50 / bare.throughput.request.p50, 1)}× |`);
console.log(`| webhook → 200 p99 (ms) | ${ms(kaon.throughput.request.p99)} | ${ms(bare.throughput.request.p99)} | ${fmt(kaon.throughput.request.p99 / bare.throughput.request.p99, 1)}× |`);
console.log(`| webhook → visible to an agent p50 (ms) | ${ms(kaon.visible.p50)} | ${ms(bare.visible.p50)} (http → ws) | ${fmt(kaon.visible.p50 / bare.visible.p50, 1)}× |`);
console.log(`| webhook → visible to an agent p99 (ms) | ${ms(kaon.visible.p99)} | ${ms(bare.visible.p99)} | ${fmt(kaon.visible.p99 / bare.visible.p99, 1)}× |`);
console.log(`\n(rounds, webhooks/s: Kaon ${kaon.throughput.rates.map((r) => fmt(r)).join(', ')}; baseline ${bare.throughput.rates.map((r) => fmt(r)).join(', ')}; node ${process.version}, ${cpus().length} cores)`);
