/**
 * Benchmark (not a test): signed WhatsApp Cloud API webhooks per second to committed + visible
 * (the 200 is sent after the SQLite commit; visible = the message's preview reached an agent's
 * synced queue doc), beside a bare node:http baseline that checks the same X-Hub-Signature-256
 * HMAC on the raw body and parses the JSON, measured in the same run on the same machine.
 *
 *   npm run bench:webhooks      (WEBHOOKS=5000 ROUNDS=3 PROBES=200 CONCURRENCY=16 to change the load)
 *
 * Both servers run in a child process of their own; the load comes from autocannon in a third
 * (bench/load.ts) with identical payloads (Meta's shape, a new wamid each, signed over the exact
 * bytes) at the same concurrency. The visibility probes come one at a time from the WhatsApp
 * fake's customer side (server/fakes/whatsappCustomer.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { QUEUE, type QueueItem } from '../shared/sync/shapes';
import { docNames } from '../shared/sync/docNames';
import { createWhatsAppCustomer, type WhatsAppCustomer } from '../server/fakes/whatsappCustomer';
import { post, setupOwner, syncClient } from './kaonClient';
import { fmt, summarize, whenPreviewShows } from './lib';
import { customerPhone } from './loadRequests';
import type { LoadResult } from './load';
import { runLoad, startBare, startKaon } from './processes';

const WEBHOOKS = Number(process.env.WEBHOOKS ?? 5000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PROBES = Number(process.env.PROBES ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const WARMUP = Math.max(CONCURRENCY, Math.min(1000, Math.floor(WEBHOOKS / 10)));
const APP_SECRET = 'bench-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
const DISPLAY_PHONE = '15550783881';
/** Customers writing (each a contact and a conversation in Kaon). */
const CUSTOMERS = 200;

const customerFor = (url: string): WhatsAppCustomer => {
  const customer = createWhatsAppCustomer({ appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: DISPLAY_PHONE, addMedia: () => '0' });
  customer.setWebhookUrl(url);
  return customer;
};

const webhookLoad = (url: string, prefix: string, amount = WEBHOOKS) => ({
  url,
  connections: CONCURRENCY,
  amount,
  maker: { kind: 'whatsappText' as const, appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: DISPLAY_PHONE, customers: CUSTOMERS, prefix, text: `${prefix} message about an order` },
});

/** A warm-up, then `ROUNDS` autocannon runs of `WEBHOOKS` webhooks: the median rate and the last round's answer times. */
async function rounds(url: string, label: string) {
  await runLoad(webhookLoad(url, `${label}.warm`, WARMUP));
  const runs: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) runs.push(await runLoad(webhookLoad(url, `${label}.r${round}`)));
  return { rate: summarize(runs.map((r) => r.rate)).p50, rates: runs.map((r) => r.rate), p50: summarize(runs.map((r) => r.latency.p50)).p50, p99: Math.max(...runs.map((r) => r.latency.p99)) };
}

/** Baseline: node:http verifying the same HMAC over the raw body and parsing the JSON; probes fan out over ws. */
async function baseline() {
  const bare = await startBare('hmac', APP_SECRET);
  try {
    const throughput = await rounds(`${bare.url}/webhooks/whatsapp/bench`, 'baseline');
    const customer = customerFor(`${bare.url}/webhooks/whatsapp/bench`);
    const agent = await new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(bare.url.replace('http', 'ws'));
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
      await customer.sendText(customerPhone(i, CUSTOMERS), token);
      await arrived;
    }
    agent.close();
    return { throughput, visible: summarize(latencies) };
  } finally {
    await bare.stop();
  }
}

async function kaonRun() {
  const dir = mkdtempSync(join(tmpdir(), 'kaon-bench-'));
  // Inbound text needs no Graph API call; nothing is sent in this benchmark.
  const kaon = await startKaon(dir, { whatsappApiBase: 'http://127.0.0.1:9' });
  try {
    const { session, spaceId } = await setupOwner(kaon.url);
    const channel = (await (
      await post(`${kaon.url}/trpc/providerChannels.createWhatsApp`, { spaceId, name: 'WhatsApp', phoneNumberId: PHONE_NUMBER_ID, accessToken: 'bench-token', appSecret: APP_SECRET, verifyToken: 'bench' }, session)
    ).json()) as { result: { data: { webhookPath: string } } };
    const url = kaon.url + channel.result.data.webhookPath;
    const throughput = await rounds(url, 'kaon');

    // One agent's real y-websocket client on the space's queue doc.
    const agent = await syncClient(kaon.url, docNames.queue(spaceId), session);
    const open = agent.map<QueueItem>(QUEUE.open);
    const customer = customerFor(url);
    const latencies: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const token = `visibility probe ${i}`;
      const start = performance.now();
      const arrived = whenPreviewShows(open, token, start, latencies);
      const res = await customer.sendText(customerPhone(i, CUSTOMERS), token);
      if (res.status !== 200) throw new Error(`probe: ${res.status} ${res.text}`);
      await arrived;
    }
    agent.close();
    const stored = (await kaon.call<Array<{ n: number }>>({ op: 'query', sql: "SELECT count(*) AS n FROM messages WHERE direction = 'in'" }))[0]!.n;
    const expected = WARMUP + WEBHOOKS * ROUNDS + PROBES;
    if (stored !== expected) throw new Error(`expected ${expected} stored messages, found ${stored}`);
    return { throughput, visible: summarize(latencies) };
  } finally {
    await kaon.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bare = await baseline();
const kaon = await kaonRun();
const ms = (n: number) => fmt(n, 1);
console.log(`\nSigned WhatsApp webhooks (autocannon: ${fmt(WARMUP)} to warm up, then ${ROUNDS} rounds × ${fmt(WEBHOOKS)} text messages from ${CUSTOMERS} customers, ${CONCURRENCY} connections; ${PROBES} visibility probes to 1 agent sync client):\n`);
console.log('| measure | Kaon | bare node:http baseline (HMAC + JSON.parse) | Kaon / baseline |');
console.log('|---|---|---|---|');
console.log(`| webhooks per second, committed (median of ${ROUNDS} rounds) | ${fmt(kaon.throughput.rate)} | ${fmt(bare.throughput.rate)} | ${fmt(kaon.throughput.rate / bare.throughput.rate, 2)} |`);
console.log(`| webhook → 200 p50 (ms, median of rounds) | ${ms(kaon.throughput.p50)} | ${ms(bare.throughput.p50)} | ${fmt(kaon.throughput.p50 / bare.throughput.p50, 1)}× |`);
console.log(`| webhook → 200 p99 (ms, worst round) | ${ms(kaon.throughput.p99)} | ${ms(bare.throughput.p99)} | ${fmt(kaon.throughput.p99 / bare.throughput.p99, 1)}× |`);
console.log(`| webhook → visible to an agent p50 (ms) | ${ms(kaon.visible.p50)} | ${ms(bare.visible.p50)} (http → ws) | ${fmt(kaon.visible.p50 / bare.visible.p50, 1)}× |`);
console.log(`| webhook → visible to an agent p99 (ms) | ${ms(kaon.visible.p99)} | ${ms(bare.visible.p99)} | ${fmt(kaon.visible.p99 / bare.visible.p99, 1)}× |`);
console.log(`\n(rounds, webhooks/s: Kaon ${kaon.throughput.rates.map((r) => fmt(r)).join(', ')}; baseline ${bare.throughput.rates.map((r) => fmt(r)).join(', ')}; node ${process.version}, ${cpus().length} cores)`);
process.exit(0);
