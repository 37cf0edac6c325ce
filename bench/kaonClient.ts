/** What the benchmarks do against a Kaon as a browser would: tRPC over HTTP, sign-up, visitors, agents' sync clients. */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE, epochOfRebasedReason } from '../shared/sync/closeCodes';
import { roomName } from '../shared/sync/docNames';

export async function post(url: string, body: unknown, cookie?: string): Promise<Response> {
  const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) } });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res;
}

/** A tRPC query (GET with ?input=) answered with its data. */
export async function query<T>(base: string, path: string, input: unknown, cookie: string): Promise<T> {
  const res = await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return (JSON.parse(text) as { result: { data: T } }).result.data;
}

export interface Space {
  /** The owner's session cookie (`kaon_session=…`). */
  session: string;
  spaceId: string;
  /** The website-chat channel's public key (from its chat path). */
  channelKey: string;
}

/** First run: the owner signs up with a space (which comes with a website-chat channel). */
export async function setupOwner(base: string): Promise<Space> {
  const setup = await post(`${base}/trpc/setup.create`, { name: 'Bench Owner', email: 'bench@example.com', password: 'bench-password', spaceName: 'Bench' });
  return signedIn(base, setup.headers.getSetCookie()[0]!.split(';')[0]!, ((await setup.json()) as { result: { data: { space: { id: string } } } }).result.data.space.id);
}

async function signedIn(base: string, session: string, spaceId: string): Promise<Space> {
  const channels = await query<Array<{ kind: string; chatPath: string | null }>>(base, 'channels.list', { spaceId }, session);
  const chat = channels.find((c) => c.kind === 'webchat')!;
  return { session, spaceId, channelKey: chat.chatPath!.split('/')[2]! };
}

/** A new website-chat visitor's `kaon_visitor` cookie value (as newVisitorCookie makes them). */
export const newVisitorCookie = () => randomBytes(32).toString('base64url');

/** Each visitor opens the chat (webchat.hello with their cookie), `concurrency` at a time. */
export async function sayHello(base: string, channelKey: string, cookies: readonly string[], concurrency = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < cookies.length) await post(`${base}/trpc/webchat.hello`, { channelKey }, `kaon_visitor=${cookies[next++]}`);
    }),
  );
}

/** A Y.Map of a SyncClient's doc that stays the same object when the server rebases the doc (observers move along). */
export interface FollowingMap<T> {
  values(): IterableIterator<T>;
  readonly size: number;
  observe(f: () => void): void;
  unobserve(f: () => void): void;
}

export interface SyncClient {
  /** The doc of the room it is synced with now (a rebase replaces it). */
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  map<T>(name: string): FollowingMap<T>;
  close(): void;
}

/**
 * A real y-websocket client on `docName` with the member's session cookie; resolves once synced.
 * Like the app (client/sync/docs.ts) it follows a rebase (close 4410 "Rebased e<N>") to the new
 * epoch's room, and swaps docs once that one has synced.
 */
export function syncClient(base: string, docName: string, session: string): Promise<SyncClient> {
  class CookieWs extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: session } });
    }
  }
  const url = `${base.replace('http', 'ws')}/yjs`;
  const observers = new Map<string, Set<() => void>>();
  let closed = false;
  let ready: (c: SyncClient) => void;
  const synced = new Promise<SyncClient>((resolve) => (ready = resolve));
  const open = (room: string) => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: CookieWs as never, disableBc: true });
    const copy = { doc, provider };
    provider.on('connection-close', (event) => {
      const epoch = event && event.code === CLOSE.rebased.code ? epochOfRebasedReason(event.reason) : null;
      if (epoch !== null && !closed) moveTo(roomName(docName, epoch), copy);
    });
    provider.once('sync', () => {
      if (copy !== current) {
        const old = current;
        current = copy;
        for (const [name, fs] of observers)
          for (const f of fs) {
            old.doc.getMap(name).unobserve(f);
            doc.getMap(name).observe(f);
            f();
          }
        old.provider.destroy();
        old.doc.destroy();
      }
      ready(client);
    });
    return copy;
  };
  const moveTo = (room: string, from: { doc: Y.Doc; provider: WebsocketProvider }) => {
    if (from !== current) {
      from.provider.destroy();
      from.doc.destroy();
    }
    open(room);
  };
  let current = open(docName);
  const client: SyncClient = {
    get doc() {
      return current.doc;
    },
    get provider() {
      return current.provider;
    },
    map<T>(name: string): FollowingMap<T> {
      return {
        values: () => current.doc.getMap<T>(name).values(),
        get size() {
          return current.doc.getMap<T>(name).size;
        },
        observe(f) {
          if (!observers.has(name)) observers.set(name, new Set());
          observers.get(name)!.add(f);
          current.doc.getMap<T>(name).observe(f);
        },
        unobserve(f) {
          observers.get(name)?.delete(f);
          current.doc.getMap<T>(name).unobserve(f);
        },
      };
    },
    close() {
      closed = true;
      current.provider.destroy();
      current.doc.destroy();
    },
  };
  return synced;
}
