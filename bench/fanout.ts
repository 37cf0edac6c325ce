/**
 * Benchmark (not a test): sync fan-out on one contact doc and the cold load of a contact doc with
 * many comments, through Kaon's real sync server (cookie auth, ACL, validation on a shadow copy,
 * SQLite append before broadcast) with real y-websocket clients in Node. Each figure is printed
 * beside the same workload, in the same run, against bench/relay.ts: a plain in-memory
 * y-websocket-protocol relay with no auth, validation or persistence.
 *
 *   npm run bench:sync    (READERS=50 UPDATES=500 PROBES=200 COMMENTS=1000 RUNS=30 to change the load)
 *
 * Each server runs in a child process of its own (bench/syncServer.ts), so on a 2-core machine
 * it has a core while this process runs the writer and the readers; the server's CPU time per
 * comment is printed too, as the figure that does not depend on how fast the clients are.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CONTACT, type CommentRecord } from '../shared/sync/contactDoc';
import { docNames } from '../shared/sync/docNames';
import { within } from '../server/testing/syncClients';
import { fmt, summarize } from './lib';
import type { Reply, Request } from './syncServer';

const READERS = Number(process.env.READERS ?? 50);
const UPDATES = Number(process.env.UPDATES ?? 500);
const PROBES = Number(process.env.PROBES ?? 200);
const COMMENTS = Number(process.env.COMMENTS ?? 1000);
const RUNS = Number(process.env.RUNS ?? 30);
const LONG_MS = 120_000;
// Each y-websocket provider in Node adds a process 'exit' listener.
process.setMaxListeners(READERS + 20);

/** Where a y-websocket client connects: server URL, doc name, and the session cookie if any. */
interface Target {
  url: string;
  docName: string;
  cookie?: string;
}

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

function open(target: Target): Client {
  const { cookie } = target;
  class CookieWs extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(target.url, target.docName, doc, { WebSocketPolyfill: CookieWs as never, disableBc: true });
  return { doc, provider };
}

const synced = (client: Client) => within('sync', new Promise<void>((resolve) => (client.provider.synced ? resolve() : client.provider.once('sync', () => resolve()))), LONG_MS);

async function connect(target: Target): Promise<Client> {
  const client = open(target);
  await synced(client);
  return client;
}

/** Resolves (without polling) once `doc` holds at least `n` comments. */
function holding(doc: Y.Doc, n: number): Promise<void> {
  const comments = doc.getMap(CONTACT.comments);
  if (comments.size >= n) return Promise.resolve();
  return within(`${n} comments`, new Promise<void>((resolve) => {
    const check = () => {
      if (comments.size < n) return;
      comments.unobserve(check);
      resolve();
    };
    comments.observe(check);
  }), LONG_MS);
}

const drop = (clients: Client[]) => clients.forEach(({ provider, doc }) => (provider.destroy(), doc.destroy()));
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

let seq = 0;
/** A new comment as the client writes it (server rules: own author, not edited, not deleted). */
function comment(authorId: string): CommentRecord {
  const id = `bench${(seq++).toString(36).padStart(8, '0')}`;
  return { id, authorId, body: `Called back about order #${seq}; <@${authorId}> please check the refund.`, createdAt: Date.now(), editedAt: null, deleted: false, deletedBy: null, replyTo: null };
}

/**
 * Watches every reader's comments map for comments whose send time is in `sent`; `done` resolves
 * with the time the last reader got its `expected`-th one.
 */
function track(readers: Client[], expected: number) {
  const sent = new Map<string, number>();
  const delays: number[] = [];
  let last = 0;
  let waiting = readers.length;
  let finish!: () => void;
  const all = new Promise<void>((resolve) => (finish = resolve));
  const stops = readers.map(({ doc }) => {
    const comments = doc.getMap(CONTACT.comments);
    let got = 0;
    const observer = (event: Y.YMapEvent<unknown>) => {
      const now = performance.now();
      for (const [key, change] of event.changes.keys) {
        const at = change.action === 'add' ? sent.get(key) : undefined;
        if (at === undefined) continue;
        delays.push(now - at);
        if (++got === expected) {
          last = Math.max(last, now);
          if (--waiting === 0) finish();
        }
      }
    };
    comments.observe(observer);
    return () => comments.unobserve(observer);
  });
  const done = within(`${expected} comments at ${readers.length} readers`, all, LONG_MS).finally(() => stops.forEach((stop) => stop()));
  return { sent, delays, done: done.then(() => last) };
}

/** One writer, READERS readers: a burst of `updates` comments, then `probes` comments one at a time. */
async function fanout(server: SyncServer, target: Target, authorId: string, updates = UPDATES, probes = PROBES) {
  const writer = await connect(target);
  const readers = await Promise.all(Array.from({ length: READERS }, () => connect(target)));
  const comments = writer.doc.getMap<CommentRecord>(CONTACT.comments);
  try {
    const burst = track(readers, updates);
    const cpuBefore = await server.call<number>({ op: 'cpu' });
    const start = performance.now();
    for (let i = 0; i < updates; i++) {
      const record = comment(authorId);
      burst.sent.set(record.id, performance.now());
      comments.set(record.id, record);
      await tick();
    }
    const end = await burst.done;
    const cpu = (await server.call<number>({ op: 'cpu' })) - cpuBefore;
    const probeDelays: number[] = [];
    for (let i = 0; i < probes; i++) {
      const probe = track(readers, 1);
      const record = comment(authorId);
      probe.sent.set(record.id, performance.now());
      comments.set(record.id, record);
      await probe.done;
      probeDelays.push(...probe.delays);
    }
    return {
      perSecond: updates / ((end - start) / 1000),
      cpuPerUpdate: cpu / updates,
      busy: cpu / (end - start),
      burst: summarize(burst.delays),
      probe: summarize(probeDelays),
    };
  } finally {
    drop([writer, ...readers]);
  }
}

/** Writes COMMENTS comments, one update each, through a real client; resolves once a second client has them all. */
async function fill(target: Target, authorId: string): Promise<Uint8Array> {
  const writer = await connect(target);
  const checker = await connect(target);
  try {
    const comments = writer.doc.getMap<CommentRecord>(CONTACT.comments);
    for (let i = 0; i < COMMENTS; i++) {
      const record = comment(authorId);
      comments.set(record.id, record);
      if (i % 20 === 0) await tick();
    }
    await holding(checker.doc, COMMENTS);
    return Y.encodeStateAsUpdate(checker.doc);
  } finally {
    drop([writer, checker]);
  }
}

/** Time from a fresh client connecting until it is synced with all COMMENTS comments. */
async function loadOnce(target: Target): Promise<number> {
  const start = performance.now();
  const client = open(target);
  try {
    await synced(client);
    await holding(client.doc, COMMENTS);
    return performance.now() - start;
  } finally {
    drop([client]);
  }
}

async function post(url: string, body: string, cookie?: string) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) } });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res;
}

type Ask = { [K in Request['op']]: Omit<Extract<Request, { op: K }>, 'id'> }[Request['op']];

interface SyncServer {
  /** Kaon: its http base URL; relay: its ws URL. */
  url: string;
  call<T>(ask: Ask): Promise<T>;
  /** Closes the server (Kaon compacts its docs into SQLite) and waits for the process to end. */
  stop(): Promise<void>;
}

/** Starts `kind` in a child process (bench/syncServer.ts) and resolves once it listens. */
async function startServer(kind: 'kaon' | 'relay', dataDir = ''): Promise<SyncServer> {
  const child = fork(fileURLToPath(new URL('./syncServer.ts', import.meta.url)), [kind, dataDir], { execArgv: ['--import', 'tsx'] });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let next = 1;
  child.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply.value);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`the ${kind} server exited (${code})`));
      pending.clear();
      resolve();
    }),
  );
  const call = <T>(ask: Ask | { op: 'ready' }, id = next++) =>
    within(`${kind} ${ask.op}`, new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (id !== 0) child.send({ ...ask, id });
    }), LONG_MS);
  const url = await call<string>({ op: 'ready' }, 0);
  return {
    url,
    call: (ask) => call(ask),
    async stop() {
      await call({ op: 'close' });
      await exited;
    },
  };
}

/** Polls the server until none of the benchmark's sockets is open (the last close unloads the doc). */
async function idle(server: SyncServer) {
  const deadline = Date.now() + LONG_MS;
  while ((await server.call<number>({ op: 'connections' })) > 0) {
    if (Date.now() > deadline) throw new Error('the server kept sockets open');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** An owner, a space, and two contacts made by website-chat visitors (as in bench/inbound.ts). */
async function seed(kaon: SyncServer) {
  const base = kaon.url;
  const setup = await post(`${base}/trpc/setup.create`, JSON.stringify({ name: 'Bench Owner', email: 'bench@example.com', password: 'bench-password', spaceName: 'Bench' }));
  const cookie = setup.headers.getSetCookie()[0]!.split(';')[0]!;
  const spaceId = ((await setup.json()) as { result: { data: { space: { id: string } } } }).result.data.space.id;
  const get = async <T>(path: string, input: unknown) =>
    ((await (await fetch(`${base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers: { cookie } })).json()) as { result: { data: T } }).result
      .data;
  const userId = (await get<{ user: { id: string } }>('auth.whoami', undefined)).user.id;
  const channelKey = (await get<Array<{ chatPath: string }>>('channels.list', { spaceId }))[0]!.chatPath.split('/')[2]!;
  for (const name of ['first', 'second']) {
    const visitor = (await post(`${base}/trpc/webchat.hello`, JSON.stringify({ channelKey }))).headers.getSetCookie()[0]!.split(';')[0]!;
    await post(`${base}/trpc/webchat.send`, JSON.stringify({ channelKey, body: `Hello from the ${name} customer`, clientId: `bench-${name}-contact` }), visitor);
  }
  const contactIds = await kaon.call<string[]>({ op: 'contacts', spaceId });
  if (contactIds.length !== 2) throw new Error(`expected 2 contacts in the queue, found ${contactIds.length}`);
  return { cookie, spaceId, userId, contactIds };
}

const dir = mkdtempSync(join(tmpdir(), 'kaon-bench-sync-'));
const relay = await startServer('relay');
let kaon = await startServer('kaon', dir);
try {
  const { cookie, spaceId, userId, contactIds } = await seed(kaon);
  const kaonTarget = (contactId: string): Target => ({ url: `${kaon.url.replace('http', 'ws')}/yjs`, docName: docNames.contact(spaceId, contactId), cookie });

  // 1. Fan-out: baseline first, then Kaon, each on a doc of its own, each after a short unmeasured
  // warm-up (so neither side pays for the JIT of the other's first run).
  await fanout(relay, { url: relay.url, docName: 'warmup' }, userId, 50, 10);
  await fanout(kaon, kaonTarget(contactIds[0]!), userId, 50, 10);
  const bareFan = await fanout(relay, { url: relay.url, docName: 'fanout' }, userId);
  const kaonFan = await fanout(kaon, kaonTarget(contactIds[0]!), userId);

  // 2. Load: COMMENTS comments written through a client and stored, then a new server on the same data.
  const loadName = docNames.contact(spaceId, contactIds[1]!);
  const snapshot = await fill(kaonTarget(contactIds[1]!), userId);
  await kaon.stop();
  kaon = await startServer('kaon', dir);
  const stored = await kaon.call<{ rows: number; bytes: number }>({ op: 'stored', docName: loadName });
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    cold.push(await loadOnce(kaonTarget(contactIds[1]!)));
    // The last socket's close unloads the doc (after compaction): the next load reads SQLite again.
    await idle(kaon);
  }
  const holder = await connect(kaonTarget(contactIds[1]!));
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) warm.push(await loadOnce(kaonTarget(contactIds[1]!)));
  drop([holder]);

  await relay.call({ op: 'preload', docName: 'load', update: Buffer.from(snapshot).toString('base64') });
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) bare.push(await loadOnce({ url: relay.url, docName: 'load' }));
  const apply: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, snapshot);
    if (doc.getMap(CONTACT.comments).size < COMMENTS) throw new Error('snapshot is missing comments');
    apply.push(performance.now() - start);
    doc.destroy();
  }

  const ratio = (a: number, b: number) => `${fmt(a / b, 2)}×`;
  console.log(`\nSync fan-out: 1 writer → ${READERS} readers on one contact doc; ${fmt(UPDATES)} comments in a burst, then ${fmt(PROBES)} one at a time:\n`);
  console.log('| measure | Kaon | in-memory relay baseline | Kaon / baseline |');
  console.log('|---|---|---|---|');
  console.log(`| comments per second delivered to all ${READERS} readers (burst) | ${fmt(kaonFan.perSecond)} | ${fmt(bareFan.perSecond)} | ${fmt(kaonFan.perSecond / bareFan.perSecond, 2)} |`);
  console.log(`| server CPU per comment (ms) | ${fmt(kaonFan.cpuPerUpdate, 3)} | ${fmt(bareFan.cpuPerUpdate, 3)} | ${ratio(kaonFan.cpuPerUpdate, bareFan.cpuPerUpdate)} |`);
  console.log(`| server busy during the burst (share of one core) | ${fmt(kaonFan.busy * 100)} % | ${fmt(bareFan.busy * 100)} % | |`);
  console.log(`| send → reader delay in the burst, p50 (ms) | ${fmt(kaonFan.burst.p50, 1)} | ${fmt(bareFan.burst.p50, 1)} | ${ratio(kaonFan.burst.p50, bareFan.burst.p50)} |`);
  console.log(`| send → reader delay in the burst, p99 (ms) | ${fmt(kaonFan.burst.p99, 1)} | ${fmt(bareFan.burst.p99, 1)} | ${ratio(kaonFan.burst.p99, bareFan.burst.p99)} |`);
  console.log(`| send → reader delay, one at a time, p50 (ms) | ${fmt(kaonFan.probe.p50, 1)} | ${fmt(bareFan.probe.p50, 1)} | ${ratio(kaonFan.probe.p50, bareFan.probe.p50)} |`);
  console.log(`| send → reader delay, one at a time, p99 (ms) | ${fmt(kaonFan.probe.p99, 1)} | ${fmt(bareFan.probe.p99, 1)} | ${ratio(kaonFan.probe.p99, bareFan.probe.p99)} |`);

  const c = summarize(cold);
  const w = summarize(warm);
  const b = summarize(bare);
  const a = summarize(apply);
  console.log(`\nLoad of a contact doc with ${fmt(COMMENTS)} comments by a fresh client, connect → synced (${RUNS} loads each; stored: ${fmt(stored.bytes)} bytes in ${stored.rows} row(s), snapshot ${fmt(snapshot.byteLength)} bytes):\n`);
  console.log('| load | median (ms) | p99 (ms) | median / relay |');
  console.log('|---|---|---|---|');
  console.log(`| Kaon cold: doc unloaded, read from SQLite (first after a server restart: ${fmt(cold[0]!, 1)} ms) | ${fmt(c.p50, 1)} | ${fmt(c.p99, 1)} | ${ratio(c.p50, b.p50)} |`);
  console.log(`| Kaon warm: doc already in server memory | ${fmt(w.p50, 1)} | ${fmt(w.p99, 1)} | ${ratio(w.p50, b.p50)} |`);
  console.log(`| baseline: in-memory relay, no auth | ${fmt(b.p50, 1)} | ${fmt(b.p99, 1)} | 1.00× |`);
  console.log(`| baseline: Y.applyUpdate of the snapshot alone | ${fmt(a.p50, 1)} | ${fmt(a.p99, 1)} | ${ratio(a.p50, b.p50)} |`);
  console.log(
    `\n(${kaonFan.burst.n} + ${kaonFan.probe.n} Kaon and ${bareFan.burst.n} + ${bareFan.probe.n} baseline delay samples; each server in its own process, clients in another; node ${process.version}, ${cpus().length} cores)`,
  );
} finally {
  await Promise.allSettled([relay.stop(), kaon.stop()]);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
