/**
 * `/webhooks/<kind>/<channelId>`: raw body kept for the signature check, 401 with
 * nothing written on a bad or missing signature, 413 over 1 MB, 400 on malformed JSON or an
 * invalid payload, 200 for ignored events and only after everything is committed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlobStore } from '../attachments/BlobStore';
import { providerChannels } from '../db/providerChannels';
import type { Deps } from '../deps';
import { applyWebhook } from './inbound';
import { adapterFor } from './registry';
import { MediaFailure, type ProviderEnv } from './adapterTypes';

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
const PATH = /^\/webhooks\/([a-z]{1,32})\/([A-Za-z0-9_-]{8,64})$/;

function reply(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8') {
  if (!res.headersSent) res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
}
const json = (res: ServerResponse, status: number, body: object) => reply(res, status, JSON.stringify(body));

/** The body, or null once it passes `limit` (the rest is not read). */
async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Logs each distinct line once (up to a bound): a provider repeating an event type we ignore must not flood the log. */
function onceLogger(max = 500) {
  const seen = new Set<string>();
  return (line: string) => {
    if (seen.has(line) || seen.size >= max) return;
    seen.add(line);
    console.info(line);
  };
}

export function createWebhookHandler(deps: Deps, store: BlobStore, env: ProviderEnv, signal: AbortSignal) {
  const log = onceLogger();
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const match = PATH.exec(url.pathname);
    const adapter = match ? adapterFor(match[1]!) : undefined;
    const channel = adapter ? providerChannels.byId(deps.db, match![2]!) : undefined;
    if (!adapter || !channel || channel.kind !== adapter.kind) {
      req.resume();
      return json(res, 404, { error: 'No such channel' });
    }
    const conn = adapter.open(channel, env);
    if (req.method === 'GET' && conn.handshake) {
      const answer = conn.handshake(url.searchParams);
      return reply(res, answer.status, answer.body, 'text/plain; charset=utf-8');
    }
    if (req.method !== 'POST') {
      req.resume();
      return json(res, 405, { error: 'Method not allowed' });
    }
    let raw: Buffer | null;
    try {
      raw = await readRaw(req, MAX_WEBHOOK_BYTES);
    } catch {
      return json(res, 400, { error: 'The request body was interrupted' });
    }
    if (raw === null) {
      res.setHeader('Connection', 'close');
      return json(res, 413, { error: 'Webhook bodies are at most 1 MB' });
    }
    if (!conn.verify(req.headers, raw)) return json(res, 401, { error: 'Bad or missing signature' });
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return json(res, 400, { error: 'Malformed JSON' });
    }
    const parsed = conn.parse(body);
    if (!parsed) return json(res, 400, { error: `Not a valid ${adapter.label} webhook payload` });
    // A disabled channel acknowledges (so the provider stops retrying) and drops what arrives.
    if (channel.enabled !== 1) return json(res, 200, { ok: true, ignored: 'channel disabled' });
    // Its commands join the server's commit group; the provider hears 200 only once that committed.
    const ticket = deps.commits.ticket();
    const grouped = { ...deps, commit: ticket };
    try {
      await applyWebhook(grouped, store, conn, channel, parsed, signal, log);
      if (ticket.pending) await ticket.pending;
      // The delivery record (its own db.transaction) may sit in a group still open.
      const open = deps.commits.pending();
      if (open) await open;
    } catch (err) {
      if (err instanceof MediaFailure && err.transient) return json(res, 503, { error: `Media not available yet: ${err.message}` });
      console.error(`[webhooks] ${channel.kind} ${channel.id}:`, err);
      return json(res, 500, { error: 'Kaon could not store this event; retry later' });
    }
    json(res, 200, { ok: true });
  }

  // Never an unhandled rejection (it would stop the process): anything unexpected is a 500.
  return async function handleWebhook(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      await handle(req, res, url);
    } catch (err) {
      console.error(`[webhooks] ${url.pathname}:`, err);
      json(res, 500, { error: 'Kaon could not handle this webhook; retry later' });
    }
  };
}
