import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createLimits } from './limits';
import { refuseBatch } from './limits/trpcBatch';
import type { Config } from './config';
import { createCheckpointer } from './db/checkpointer';
import { dbPath, openDb } from './db/connection';
import { EventBus } from './events';
import { appRouter } from './routers/root';
import { createStaticHandler } from './static';
import { pageHeaders } from './pageHeaders';
import { createFileRoutes } from './attachments/fileRoutes';
import { createChannels } from './channels';
import { createWebhookWorker } from './webhooks/worker';
import { createRatingPage } from './channels/email/ratingPage';
import type { EmailRuntime } from './channels/email/runtime';
import type { KaonPorts, SimulatorHandler } from './simulator/simulator';
import { BatchNotStored, createCollab, type Collab } from './collab';
import { rebuildAuthorityDoc } from './projections/rebaseDocs';
import { projectConversation } from './projections/conversationDocs';
import { createWritableDocPolicy } from './contacts/policy';
import { createProfileProjection, seedContactDoc } from './contacts/projectProfile';
import { runTagAdded } from './workflows/tagAdded';
import { conversations } from './db/conversations';
import { CommitGroup } from './conversations/transaction';
import { contacts } from './db/contacts';
import { createPipeline, createProcessors } from './projections';
import { createMentionListener } from './notifications/mentionNotifications';
import { Presence } from './workflows/presence';
import { createConversationTimers, type ConversationTimers } from './workflows/timers';
import type { Deps } from './deps';
import { createContextFactory } from './trpc/context';
import { createFastCalls } from './trpc/fastCalls';
import type { TRPCError } from '@trpc/server';

export interface Kaon {
  server: Server;
  deps: Deps;
  collab: Collab;
  /** Snooze returns and auto-close (tests call tick() with their clock). */
  timers: ConversationTimers;
  /** E-mail channels' IMAP watchers and SMTP receiver. */
  email: EmailRuntime;
  /** Listens on `port` (0 = any free port) and resolves to the base URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

/** Composes Kaon's one HTTP server: /trpc, /healthz and the built client. */
export function createKaon(config: Config, now: () => number = Date.now, extras: { simulator?: (deps: Deps, kaon: KaonPorts) => SimulatorHandler } = {}): Kaon {
  const db = openDb(config.dataDir);
  // Checkpoints run on a worker thread once the WAL grows (db/checkpointer.ts).
  const checkpointer = createCheckpointer(db, dbPath(config.dataDir));
  const events = new EventBus();
  // A commit group's events go through the pipeline as one batch (one queue-doc update per group).
  let publishBatch = (publish: () => void) => publish();
  const commits = new CommitGroup(db, events, (publish) => publishBatch(publish));
  const deps: Deps = {
    db,
    config,
    events,
    limits: createLimits(config),
    now,
    commits,
    presence: new Presence(events),
  };
  const createContext = createContextFactory(deps);
  const onTrpcError = ({ error, path }: { error: TRPCError; path?: string | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error);
  };
  const trpc = createHTTPHandler({ router: appRouter, basePath: '/trpc/', createContext, maxBodySize: 1_000_000, onError: onTrpcError });
  // The website chat's send (every customer message) skips the fetch adapter: trpc/fastCalls.ts.
  const fastCall = createFastCalls({ router: appRouter, createContext, maxBodySize: 1_000_000, fallback: trpc, onError: onTrpcError });
  const collab = createCollab({
    db,
    now,
    publicUrl: config.publicUrl,
    events: deps.events,
    // A conversation or contact doc exists only for a record of that space.
    docExists: (ref) =>
      ref.kind === 'conv'
        ? conversations.inSpace(db, ref.spaceId, ref.conversationId) !== undefined
        : ref.kind === 'contact'
          ? contacts.inSpace(db, ref.spaceId, ref.contactId) !== undefined
          : true,
    // Contact docs: comment authorship and value rules checked before an update is applied;
    // accepted changes are projected (profile into SQLite, mentions into notifications).
    ...createWritableDocPolicy(db, [
      createProfileProjection(deps, (ref, _userId, tags) => runTagAdded(deps, ref.spaceId, ref.contactId, tags)),
      createMentionListener(deps),
    ]),
    // Authority docs are rebased once they are mostly history (queue tombstones, a long thread).
    rebuild: rebuildAuthorityDoc,
    // A conversation's queue row carries its doc's epoch (a browser opening it connects there first).
    onRebased: (ref) => {
      if (ref.kind !== 'conv') return;
      setImmediate(() => {
        try {
          projectConversation(db, collab, ref.spaceId, ref.conversationId);
        } catch (err) {
          console.error('[projections] could not announce a rebased conversation doc:', err);
        }
      });
    },
    // A contact doc without a profile yet starts from what SQLite knows (name, phone, …).
    onLoad: (ref, doc, origin) => seedContactDoc(db, origin)(ref, doc),
  });
  const serveClient = createStaticHandler(config.clientDir, pageHeaders(config));
  const fileRoutes = createFileRoutes(deps, config.maxUploadBytes);
  const ratingPage = createRatingPage(deps);
  const channels = createChannels(deps);
  // Outgoing webhooks: a loopback receiver on Kaon's own port is Kaon itself, never a receiver.
  const webhookWorker = createWebhookWorker(deps, () => (server.address() as AddressInfo | null)?.port);
  // Everything after a commit (authority docs, contact-doc edits, the outbox, webhooks, the backlog sweep): projections/index.ts.
  const processors = createProcessors(deps, collab, channels, webhookWorker);
  const pipeline = createPipeline(processors);
  for (const p of processors) p.recover?.();
  const stopPipeline = events.onAny((spaceId, event) => pipeline.handle(spaceId, event));
  // Its projections' doc updates commit once and are broadcast after that commit (collab.batch).
  publishBatch = (publish) => {
    try {
      collab.batch(() => pipeline.batch(publish));
    } catch (err) {
      if (!(err instanceof BatchNotStored)) throw err;
      // The batch's doc writes rolled back (their copies are dropped); project again, one by one.
      console.error('[projections] a batch of projections could not be stored; projecting again:', err);
      publish();
    }
  };
  // The customer simulator exists only when SIMULATOR=1 (server/main.ts); otherwise its paths are 404.
  const simulator = config.simulator ? extras.simulator?.(deps, { smtpPort: () => channels.email.smtpPort() }) : undefined;

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/trpc/')) return void (refuseBatch(req, res) || fastCall(req, res) || trpc(req, res));
    if (url === '/healthz') {
      let ok = true;
      try {
        db.prepare('SELECT 1').get();
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok, db: ok ? 'ok' : 'unavailable' }));
      return;
    }
    const path = url.split('?')[0]!;
    if (path === '/files' && req.method === 'POST') return void fileRoutes.memberUpload(req, res, new URL(url, 'http://x'));
    if (path.startsWith('/files/') && (req.method === 'GET' || req.method === 'HEAD')) return fileRoutes.download(req, res, path.slice(7), new URL(url, 'http://x'));
    const chatUpload = /^\/chat\/([A-Za-z0-9_-]{16,64})\/files$/.exec(path);
    if (chatUpload && req.method === 'POST') return void fileRoutes.visitorUpload(req, res, chatUpload[1]!);
    if (path.startsWith('/webhooks/')) return void channels.handleWebhook(req, res, new URL(url, 'http://x'));
    const rating = /^\/rate\/([^/]{1,200})$/.exec(path);
    if (rating) {
      return void ratingPage(req, res, decodeURIComponent(rating[1]!), new URL(url, 'http://x')).catch((err: unknown) => {
        console.error('[rating page]', err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Kaon could not take the rating now. Try again in a minute.');
      });
    }
    if (path === '/simulator' || path.startsWith('/simulator/')) {
      if (simulator) return simulator(req, res, path);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    serveClient(req, res);
  });

  // The outbox worker sends while the server runs (and resumes what a previous run left queued).
  server.on('listening', () => channels.start());
  // Snoozes come back and idle conversations auto-close (server/workflows/timers.ts).
  const timers = createConversationTimers(deps);
  server.on('listening', () => timers.start());
  server.on('close', () => timers.stop());
  server.on('listening', () => webhookWorker.start());
  server.on('listening', () => fileRoutes.startSweeping());
  server.on('close', () => fileRoutes.stopSweeping());
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith('/yjs/')) collab.handleUpgrade(req, socket, head);
    else socket.destroy();
  });

  return {
    server,
    deps,
    collab,
    timers,
    email: channels.email,
    listen: (port = config.port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => resolve(`http://localhost:${(server.address() as AddressInfo).port}`));
      }),
    close: async () => {
      // Sends in flight finish first, so what they record is still projected.
      await channels.stop();
      await webhookWorker.stop();
      timers.stop();
      commits.flush();
      stopPipeline();
      pipeline.stop();
      // Sync docs are compacted into SQLite before the database closes.
      await collab.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      commits.flush();
      await checkpointer.stop();
      db.close();
    },
  };
}
