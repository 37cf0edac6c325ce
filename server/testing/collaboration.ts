/**
 * Test helpers for collaboration on contact, drafts and inbox docs (only tests import this file):
 * the real y-websocket client connected to a real Kaon with a member's session cookie.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { newCommentRecord } from '../../shared/domain/comments';
import { CONTACT, type CommentRecord } from '../../shared/sync/contactDoc';
import { INBOX, type NotificationItem } from '../../shared/sync/inbox';
import { roundTrip, waitFor } from './syncClients';
import { newId } from '../db/ids';
import { ydocs } from '../db/ydocs';
import type { Person, TestApp } from './harness';

export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  comments: Y.Map<CommentRecord>;
  /** The first terminal close (a 44xx code), if any. */
  closed: Promise<{ code: number; reason: string }>;
  destroy(): void;
}

/** A browser tab of `person` syncing `docName` through the real y-websocket client. */
export function connectAs(app: TestApp, person: Person, docName: string): DocClient {
  const session = person.browser.cookies.get('kaon_session');
  if (!session) throw new Error('not signed in');
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: `kaon_session=${session}` } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(app.url.replace(/^http/, 'ws') + '/yjs', docName, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => provider.once('closed', (e) => resolve(e)));
  return {
    doc,
    provider,
    comments: doc.getMap<CommentRecord>(CONTACT.comments),
    closed,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** connectAs, once the first sync with the server is done. */
export async function syncedAs(app: TestApp, person: Person, docName: string): Promise<DocClient> {
  const client = connectAs(app, person, docName);
  await waitFor(`${docName} synced`, () => client.provider.synced);
  return client;
}

/** A new comment record as the client makes it. */
export function newComment(authorId: string, body: string, extra: Partial<CommentRecord> = {}): CommentRecord {
  return { ...newCommentRecord({ id: newId(), authorId, body, at: Date.now() }), ...extra };
}

/** The doc as stored in SQLite (every row of its update log applied to a fresh doc). */
export function storedDoc(app: TestApp, docName: string): Y.Doc {
  const doc = new Y.Doc();
  for (const row of ydocs.load(app.kaon.deps.db, docName)) Y.applyUpdate(doc, row);
  return doc;
}

export function inboxItems(doc: Y.Doc): NotificationItem[] {
  return [...doc.getMap<NotificationItem>(INBOX.items).values()].sort((a, b) => a.at - b.at);
}

/** The update `edit` makes on a copy of `base` (a fresh client id, so it depends only on what `base` holds). */
export function craft(base: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const updates: Uint8Array[] = [];
  copy.on('update', (u: Uint8Array) => updates.push(u));
  copy.transact(() => edit(copy));
  copy.destroy();
  return Y.mergeUpdates(updates);
}

/**
 * Sends `update` from a fresh real y-websocket client of `person` and resolves once the server has
 * handled it, with the client's terminal close code if the server closed it.
 */
export async function sendFrom(app: TestApp, person: Person, docName: string, update: Uint8Array): Promise<number | null> {
  const client = await syncedAs(app, person, docName);
  let code: number | null = null;
  void client.closed.then((e) => (code = e.code));
  try {
    Y.applyUpdate(client.doc, update); // not the provider's origin, so the provider sends it
    await roundTrip(client.provider);
    await new Promise((resolve) => setImmediate(resolve));
    return code;
  } finally {
    client.destroy();
  }
}
