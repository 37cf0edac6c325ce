/**
 * Test helpers for the Messages module (only tests import this file): a populated Kaon with two
 * spaces, website-chat visitors with their own cookie jar, row counts of the messages tables,
 * raw tRPC error bodies, the authority docs and an SSE reader.
 */
import { randomBytes } from 'node:crypto';
import { waitFor } from './syncClients';
import type * as Y from 'yjs';
import { docNames } from '../../shared/sync/docNames';
import { CONV, QUEUE, type ConversationMeta, type QueueItem, type ThreadItem } from '../../shared/sync/shapes';
import type { Config } from '../config';
import type { ConversationRow, MessageRow } from '../db/conversations';
import { addMember, ok, setupOwner, startApp, type Browser, type InputOf, type OutputOf, type Person, type TestApp } from './harness';

/** A client id as the composer makes them (dedupe key). */
export const newClientId = () => randomBytes(12).toString('base64url');

export interface Space {
  id: string;
  /** The public key of its website-chat channel (`/chat/<key>`). */
  chatKey: string;
}

/**
 * Space A ("Acme Support"): Olivia (owner), Alice and Bob (agents).
 * Space B ("Beta Ltd"): Olivia created it; Xavier is its manager and not a member of A.
 */
export interface World {
  app: TestApp;
  owner: Person;
  alice: Person;
  bob: Person;
  a: Space;
  b: Space;
  xavier: Person;
}

export async function chatKeyOf(browser: Browser, spaceId: string): Promise<string> {
  const list = ok(await browser.query('channels.list', { spaceId }));
  const path = list.find((c) => c.kind === 'webchat')?.chatPath;
  if (!path) throw new Error(`space ${spaceId} has no website chat`);
  return path.slice('/chat/'.length);
}

export async function startWorld(overrides: Partial<Config> = {}): Promise<World> {
  const app = await startApp(overrides);
  const setup = await setupOwner(app);
  const owner: Person = { browser: setup.browser, user: setup.user };
  const [alice, bob] = await Promise.all([
    addMember(app, owner.browser, setup.space.id, 'agent', { name: 'Alice Agent', email: 'alice@example.com' }),
    addMember(app, owner.browser, setup.space.id, 'agent', { name: 'Bob Agent', email: 'bob@example.com' }),
  ]);
  const bId = ok(await owner.browser.mutate('spaces.create', { name: 'Beta Ltd' })).id;
  const xavier = await addMember(app, owner.browser, bId, 'manager', { name: 'Xavier Beta', email: 'xavier@example.com' });
  return {
    app,
    owner,
    alice,
    bob,
    xavier,
    a: { id: setup.space.id, chatKey: await chatKeyOf(owner.browser, setup.space.id) },
    b: { id: bId, chatKey: await chatKeyOf(owner.browser, bId) },
  };
}

/** A customer on the website chat: their own browser (cookie jar) on one channel. */
export class Visitor {
  readonly browser: Browser;

  constructor(
    readonly app: TestApp,
    readonly chatKey: string,
  ) {
    this.browser = app.browser();
  }

  hello() {
    return this.browser.mutate('webchat.hello', { channelKey: this.chatKey });
  }

  send(body: string, extra: Partial<InputOf<'webchat.send'>> = {}) {
    return this.browser.mutate('webchat.send', { channelKey: this.chatKey, body, clientId: newClientId(), ...extra });
  }

  /** Sends and returns the stored message with its conversation; fails the test on error. */
  async say(body: string, extra: Partial<InputOf<'webchat.send'>> = {}) {
    const { messageId } = ok(await this.send(body, extra));
    return { messageId, ...where(this.app, messageId) };
  }

  async transcript(): Promise<OutputOf<'webchat.transcript'>> {
    return ok(await this.browser.query('webchat.transcript', { channelKey: this.chatKey }));
  }

  get cookie(): string | undefined {
    return this.browser.cookies.get('kaon_visitor');
  }
}

/** A new visitor who has opened the chat page (and so holds the visitor cookie). */
export async function arrive(app: TestApp, chatKey: string): Promise<Visitor> {
  const visitor = new Visitor(app, chatKey);
  ok(await visitor.hello());
  return visitor;
}

// ---- rows ---------------------------------------------------------------------------------

export const MESSAGE_TABLES = ['channels', 'contacts', 'contact_identities', 'conversations', 'messages', 'message_files', 'files', 'activities', 'search_fts'] as const;
export type MessagesTable = (typeof MESSAGE_TABLES)[number];

export function rows(app: TestApp, table: MessagesTable): number {
  return (app.kaon.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Row counts of every messages table, to compare before and after a refused call. */
export function snapshot(app: TestApp): Record<MessagesTable, number> {
  return Object.fromEntries(MESSAGE_TABLES.map((t) => [t, rows(app, t)])) as Record<MessagesTable, number>;
}

export function messageRow(app: TestApp, id: string): MessageRow {
  const row = app.kaon.deps.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
  if (!row) throw new Error(`no message ${id}`);
  return row;
}

export function conversationRow(app: TestApp, id: string): ConversationRow {
  const row = app.kaon.deps.db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as ConversationRow | undefined;
  if (!row) throw new Error(`no conversation ${id}`);
  return row;
}

/** The conversation and contact a message belongs to. */
export function where(app: TestApp, messageId: string): { conversationId: string; contactId: string } {
  const conversationId = messageRow(app, messageId).conversation_id;
  return { conversationId, contactId: conversationRow(app, conversationId).contact_id };
}

export function conversationsOf(app: TestApp, contactId: string): ConversationRow[] {
  return app.kaon.deps.db.prepare('SELECT * FROM conversations WHERE contact_id = ? ORDER BY opened_at, rowid').all(contactId) as ConversationRow[];
}

export function messagesOf(app: TestApp, conversationId: string): MessageRow[] {
  return app.kaon.deps.db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY created_at, rowid').all(conversationId) as MessageRow[];
}

export function activityTexts(app: TestApp, conversationId: string): string[] {
  return (app.kaon.deps.db.prepare('SELECT text FROM activities WHERE conversation_id = ? ORDER BY created_at, rowid').all(conversationId) as Array<{ text: string }>).map(
    (r) => r.text,
  );
}

// ---- raw tRPC -----------------------------------------------------------------------------

/** The whole JSON error of a mutation as it crosses the wire (the harness keeps only part of it). */
export interface RawError {
  message: string;
  code: number;
  data: { code: string; httpStatus: number; current?: { status: string; assigneeId: string | null; version: number } };
}

export async function rawMutation(browser: Browser, path: string, input: unknown): Promise<{ status: number; error?: RawError; data?: unknown }> {
  const res = await browser.fetch(`/trpc/${path}`, { method: 'POST', body: JSON.stringify(input), headers: { 'content-type': 'application/json' } });
  const body = (await res.json()) as { error?: RawError; result?: { data: unknown } };
  return { status: res.status, error: body.error, data: body.result?.data };
}

// ---- authority docs -----------------------------------------------------------------------

export function queueDoc(app: TestApp, spaceId: string) {
  const doc: Y.Doc = app.kaon.collab.read(docNames.queue(spaceId));
  return {
    doc,
    open: doc.getMap<QueueItem>(QUEUE.open),
    closedCount: doc.getMap<number>(QUEUE.meta).get('closedCount'),
  };
}

export function convDoc(app: TestApp, spaceId: string, conversationId: string) {
  const doc: Y.Doc = app.kaon.collab.read(docNames.conv(spaceId, conversationId));
  const items = [...doc.getMap<ThreadItem>(CONV.items).values()].sort((x, y) => x.at - y.at);
  return { doc, state: doc.getMap<ConversationMeta>(CONV.meta).get(CONV.state), items };
}

// ---- SSE ----------------------------------------------------------------------------------

/**
 * An open tRPC subscription over SSE: collects the JSON of each `data:` line (after the
 * `connected` event) until closed.
 */
export interface SseStream {
  status: number;
  contentType: string | null;
  /** Parsed `data:` payloads of ordinary messages, in order. */
  messages: unknown[];
  /** Resolves once the server has said `connected` (the subscription is running). */
  connected: Promise<void>;
  /** Resolves when the stream has ended, whoever ended it. */
  ended: Promise<void>;
  close(): Promise<void>;
}

export async function openSse(browser: Browser, path: string, input: unknown): Promise<SseStream> {
  const controller = new AbortController();
  const res = await browser.fetch(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const messages: unknown[] = [];
  let onConnected = () => {};
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const reading = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (event === 'connected') onConnected();
          else if (!event && data) messages.push(JSON.parse(data));
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    messages,
    connected,
    ended: reading,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

/** Polls `check` until it returns something truthy (the collab harness's waitFor, with a shorter default). */
export function eventually<T>(what: string, check: () => T, ms = 3000): Promise<NonNullable<T>> {
  return waitFor(what, check, ms);
}

/** /healthz still answers: nothing earlier took the process down. */
export async function healthy(app: TestApp): Promise<unknown> {
  const res = await fetch(`${app.url}/healthz`);
  return { status: res.status, body: await res.json() };
}

// ---- files --------------------------------------------------------------------------------

/** Uploads as a member (POST /files?spaceId=…); returns the status and the answer (the file, or `error`). */
export async function upload(browser: Browser, spaceId: string, bytes: Uint8Array | string, name: string, mime = 'text/plain') {
  const res = await browser.fetch(`/files?spaceId=${spaceId}`, {
    method: 'POST',
    body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes),
    headers: { 'content-type': mime, 'x-file-name': encodeURIComponent(name) },
  });
  return { status: res.status, body: (await res.json()) as { id: string; name: string; mime: string; size: number } & { error?: string } };
}
