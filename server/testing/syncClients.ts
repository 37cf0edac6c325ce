/**
 * Test harness for the sync server (only tests and benchmarks import it): real SQLite in a temp dir, a real
 * http server on port 0, the real y-websocket client in Node, and raw ws clients.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { SESSION_COOKIE, startSession } from '../auth/requestAuth';
import { openDb, type Db } from '../db/connection';
import { newId } from '../db/ids';
import { memberships, spaces } from '../db/spaces';
import { users } from '../db/users';
import { ydocs } from '../db/ydocs';
import { createCollab, type Collab, type CollabOptions } from '../collab/index';

/** Polls `check` until it returns something truthy; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, check: () => T, ms = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with `promise`, or fails with `what` after `ms`. */
export function within<T>(what: string, promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves once the server has handled every message `provider` sent before: a SyncStep1 on the
 * same socket, answered by a SyncStep2 (the server sends those only as answers), or the socket closing.
 */
export function roundTrip(provider: WebsocketProvider, ms = 5000): Promise<void> {
  const ws = provider.ws as unknown as WebSocket | null;
  if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.resolve();
  const answered = new Promise<void>((resolve) => {
    const done = () => {
      ws.off('message', onMessage);
      ws.off('close', done);
      resolve();
    };
    const onMessage = (data: ArrayBuffer | Buffer) => {
      const bytes = new Uint8Array(data);
      if (bytes[0] === 0 && bytes[1] === 1) done();
    };
    ws.on('message', onMessage);
    ws.on('close', done);
  });
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // messageSync
  syncProtocol.writeSyncStep1(e, provider.doc);
  ws.send(encoding.toUint8Array(e));
  return within('a round trip to the sync server', answered, ms);
}

export interface Member {
  userId: string;
  cookie: string;
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The first terminal close (`closed` event: a 44xx code), if any. */
  closed: Promise<{ code: number; reason: string }>;
  /** Codes of every `connection-close` event seen. */
  closeCodes: number[];
}

export interface RawClient {
  ws: WebSocket;
  opened: Promise<void>;
  /** Binary messages received from the server, in order. */
  received: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
}

/** A ws WebSocket that sends the session cookie with its upgrade, as a browser would. */
function cookieSocket(cookie: string | undefined) {
  return class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
    }
  };
}

export interface Harness {
  db: Db;
  collab: Collab;
  dataDir: string;
  /** ws://host:port/yjs, the y-websocket `serverUrl`. */
  url: string;
  addSpace(): string;
  addMember(...spaceIds: string[]): Member;
  connect(docName: string, member?: Member, options?: { doc?: Y.Doc; params?: Record<string, string> }): Client;
  raw(docName: string, member?: Member): RawClient;
  rows(docName: string): number;
  /** Stops everything; removes the data dir unless `keepData`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startHarness(options: Partial<CollabOptions> & { dataDir?: string } = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kaon-collab-'));
  const db = openDb(dataDir);
  const now = () => Date.now();
  const collab = createCollab({ db, now, ...options });
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/yjs`;
  const clients: WebsocketProvider[] = [];
  const raws: WebSocket[] = [];

  return {
    db,
    collab,
    dataDir,
    url,
    addSpace() {
      const id = newId();
      spaces.insert(db, { id, name: `Space ${id}`, created_at: now() });
      return id;
    },
    addMember(...spaceIds) {
      const userId = newId();
      users.insert(db, { id: userId, email: `${userId}@example.test`, name: `User ${userId}`, password_hash: 'x', created_at: now() });
      for (const spaceId of spaceIds) memberships.insert(db, spaceId, userId, 'agent', now());
      const { token } = startSession(db, userId, now(), 3_600_000);
      return { userId, cookie: `${SESSION_COOKIE}=${token}` };
    },
    connect(docName, member, opts = {}) {
      const doc = opts.doc ?? new Y.Doc();
      const provider = new WebsocketProvider(url, docName, doc, {
        WebSocketPolyfill: cookieSocket(member?.cookie) as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        params: opts.params ?? {},
      });
      clients.push(provider);
      const closeCodes: number[] = [];
      provider.on('connection-close', (event) => {
        if (event) closeCodes.push(event.code);
      });
      const closed = new Promise<{ code: number; reason: string }>((resolve) => provider.once('closed', (e) => resolve(e)));
      return { doc, provider, closed, closeCodes };
    },
    raw(docName, member) {
      const ws = new WebSocket(`${url}/${docName}`, member ? { headers: { cookie: member.cookie } } : {});
      raws.push(ws);
      const received: Uint8Array[] = [];
      ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
      ws.on('error', () => {});
      const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      return { ws, opened, received, closed };
    },
    rows: (docName) => ydocs.count(db, docName),
    async close({ keepData = false } = {}) {
      for (const provider of clients) provider.destroy();
      for (const ws of raws) ws.terminate();
      await collab.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The JSON of the shapes the tests write (Doc.toJSON only sees types this doc has accessed). */
export function contentOf(doc: Y.Doc): unknown {
  return { profile: doc.getMap('profile').toJSON(), comments: doc.getArray('comments').toJSON(), items: doc.getMap('items').toJSON() };
}

/** A fresh doc holding exactly `updates`, e.g. the stored rows of a doc. */
export function docFrom(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** The awareness states a provider currently sees, as plain objects. */
export function statesSeenBy(client: Client): Array<Record<string, unknown>> {
  return [...client.provider.awareness.getStates().values()];
}
