import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFileLinks } from '../attachments/signedLinks';
import { BlobStore } from '../attachments/BlobStore';
import type { Deps } from '../deps';
import { outboundFileLink } from './media';
import { createOutboxWorker } from './outboxWorker';
import type { ProviderEnv } from './adapterTypes';
import { createWebhookHandler } from './webhooks';
import { createEmailRuntime, type EmailRuntime } from './email/runtime';

export interface Channels {
  /** For requests whose path starts with /webhooks/. */
  handleWebhook(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  /** Starts the outbox worker (it picks up replies left queued by a previous run). */
  start(): void;
  /** Rows may be due now (a reply was queued, a channel enabled): the worker looks, if running. */
  kick(): void;
  /** Stops the worker and aborts media downloads, before the database closes. */
  stop(): Promise<void>;
  /** IMAP watchers and the forwarding SMTP receiver. */
  email: EmailRuntime;
}

/** Provider channels' runtime for one Kaon instance: webhooks in, the outbox out. */
export function createChannels(deps: Deps): Channels {
  const store = new BlobStore(deps.config.dataDir);
  const shutdown = new AbortController();
  const links = createFileLinks(deps.db, deps.now);
  // PUBLIC_URL is read at send time: a link is made only when Kaon knows its public address.
  const env: ProviderEnv = { ...deps.config, fileLink: (fileId) => outboundFileLink(deps, links, fileId) };
  const worker = createOutboxWorker(deps, store, env);
  const handleWebhook = createWebhookHandler(deps, store, deps.config, shutdown.signal);
  const email = createEmailRuntime(deps, store);
  return {
    handleWebhook,
    start: () => {
      worker.start();
      email.start().catch((err) => console.error('[email] could not start:', err));
    },
    kick: () => worker.kick(),
    stop: async () => {
      shutdown.abort();
      await Promise.all([worker.stop(), email.stop()]);
    },
    email,
  };
}
