import type { FileRef } from '../../shared/sync/shapes';

/** A reply waiting to reach the server. Its client id is the server's dedupe key: sent twice, stored once. */
export interface OutboxMessage {
  clientId: string;
  userId: string;
  spaceId: string;
  contactId: string;
  body: string;
  files: FileRef[];
  /** An e-mail reply's Cc as the agent left it; absent: the server replies to all. */
  cc?: string[] | undefined;
  at: number;
  status: 'pending' | 'failed';
  error: string | null;
}

/** What one delivery attempt ended with: delivered, the server refused (with the reason), or unreachable. */
export type Delivery<R> = { kind: 'sent'; result: R } | { kind: 'refused'; reason: string } | { kind: 'unreachable' };

export interface OutboxOptions<R> {
  /** Sends one message; must say whether the server refused it or could not be reached. */
  deliver: (message: OutboxMessage) => Promise<Delivery<R>>;
  /** Called with this user's messages (pending and failed) whenever the outbox changes. */
  onChange?: (messages: OutboxMessage[]) => void;
  onSent?: (message: OutboxMessage, result: R) => void;
  dbName?: string;
  /** Backoff after an unreachable server: attempt n waits min(max, base·2ⁿ) ± 20%. */
  backoff?: { baseMs: number; maxMs: number };
}

const STORE = 'messages';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDb(name: string): Promise<IDBDatabase> {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'clientId' });
  return request(req);
}

/**
 * The outbox: replies written while Kaon cannot be reached wait in IndexedDB (so they survive a
 * reload), and are delivered in order when the connection returns — on the browser's `online`
 * event, when a sync socket reconnects (`flush()`), and on a backoff timer. A network failure
 * keeps a message pending; a refusal by the server marks it failed with the reason until the
 * agent retries. Several tabs may flush the same outbox: the client id makes that safe.
 */
export function createOutbox<R>(userId: string, options: OutboxOptions<R>) {
  const backoff = options.backoff ?? { baseMs: 1000, maxMs: 30_000 };
  const db = openDb(options.dbName ?? 'kaon:outbox');
  let flushing: Promise<void> | null = null;
  let again = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const tx = async <T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>) => request(fn((await db).transaction(STORE, mode).objectStore(STORE)));
  const list = async () =>
    ((await tx('readonly', (s) => s.getAll())) as OutboxMessage[]).filter((m) => m.userId === userId).sort((a, b) => a.at - b.at);
  const changed = async () => options.onChange?.(await list());
  const get = (clientId: string) => tx('readonly', (s) => s.get(clientId)) as Promise<OutboxMessage | undefined>;

  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    const wait = Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt) * (0.8 + Math.random() * 0.4);
    attempt++;
    timer = setTimeout(() => void flush(), wait);
  };

  async function run(): Promise<void> {
    for (const message of await list()) {
      if (message.status !== 'pending') continue;
      // Another tab may have delivered (and removed) it since we listed.
      if (!(await get(message.clientId))) continue;
      let outcome: Delivery<R>;
      try {
        outcome = await options.deliver(message);
      } catch {
        outcome = { kind: 'unreachable' };
      }
      if (outcome.kind === 'unreachable') {
        schedule();
        return;
      }
      attempt = 0;
      if (outcome.kind === 'sent') {
        await tx('readwrite', (s) => s.delete(message.clientId));
        options.onSent?.(message, outcome.result);
      } else {
        await tx('readwrite', (s) => s.put({ ...message, status: 'failed', error: outcome.reason }));
      }
      await changed();
    }
    // Replies another tab delivered meanwhile are gone from the store: let this tab's count say so.
    await changed();
  }

  /** Tries to deliver every pending message now (one flush at a time; a call during one runs another after it). */
  function flush(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (flushing) {
      again = true;
      return flushing;
    }
    clearTimeout(timer);
    flushing = (async () => {
      try {
        do {
          again = false;
          await run();
        } while (again);
      } finally {
        flushing = null;
      }
    })();
    return flushing;
  }

  const handleOnline = () => {
    attempt = 0;
    void flush();
  };
  if (typeof window !== 'undefined') window.addEventListener('online', handleOnline);

  return {
    list,
    flush,
    /** Queues a message (persisted before this resolves) and tries to deliver it. */
    async add(message: Omit<OutboxMessage, 'userId' | 'status' | 'error'>) {
      // Plain copies: IndexedDB cannot store the UI's reactive proxies.
      const files = message.files.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size }));
      await tx('readwrite', (s) => s.put({ ...message, files, userId, status: 'pending', error: null }));
      await changed();
      return flush();
    },
    /** A failed message goes back to pending and is tried again now; false if the outbox does not hold it. */
    async retry(clientId: string): Promise<boolean> {
      const message = await get(clientId);
      if (!message) return false;
      await tx('readwrite', (s) => s.put({ ...message, status: 'pending', error: null }));
      await changed();
      attempt = 0;
      await flush();
      return true;
    },
    /** The server's copy is known (e.g. seen in the thread): nothing left to send. */
    async remove(clientId: string) {
      await tx('readwrite', (s) => s.delete(clientId));
      await changed();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (typeof window !== 'undefined') window.removeEventListener('online', handleOnline);
      await flushing;
      (await db).close();
    },
  };
}

export type Outbox<R> = ReturnType<typeof createOutbox<R>>;
