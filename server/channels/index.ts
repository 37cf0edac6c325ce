import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlobStore } from '../attachments/store';
import type { Deps } from '../trpc/context';
import { createOutboxWorker } from './outbox';
import { createWebhookHandler } from './webhooks';

export interface Channels {
  /** For requests whose path starts with /webhooks/. */
  handleWebhook(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  /** Starts the outbox worker (it picks up replies left queued by a previous run). */
  start(): void;
  /** Stops the worker and aborts media downloads, before the database closes. */
  stop(): Promise<void>;
}

/** Provider channels' runtime for one Kaon instance: webhooks in, the outbox out. */
export function createChannels(deps: Deps): Channels {
  const store = new BlobStore(deps.config.dataDir);
  const shutdown = new AbortController();
  const worker = createOutboxWorker(deps, store, deps.config);
  const handleWebhook = createWebhookHandler(deps, store, deps.config, shutdown.signal);
  return {
    handleWebhook,
    start: () => worker.start(),
    stop: async () => {
      shutdown.abort();
      await worker.stop();
    },
  };
}
