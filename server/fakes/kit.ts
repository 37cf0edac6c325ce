/**
 * Shared plumbing of the provider fakes (whatsapp.ts, telegram.ts): a real HTTP server
 * on a free port, a log of what it received, injectable failures, multipart parsing. The fakes
 * are used by tests and by the demo's customer simulator; nothing here is production code.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON, multipart fields (files as { name, mime, size }), or the raw text. */
  body: unknown;
  /** Wall-clock ms when it arrived (to check backoff). */
  at: number;
}

/** What the next matching requests get instead of a normal answer. */
export type Failure =
  /** An error status: 5xx, 429 (with a Retry-After hint in seconds), or a 4xx with a provider error code. */
  | { kind: 'status'; status: number; code?: number; message?: string; retryAfterS?: number }
  /** No answer at all until the fake closes: the caller's timeout fires. */
  | { kind: 'timeout' }
  /**
   * WhatsApp only: error 131047 (24-hour window), synchronously (HTTP 400), as a failed status
   * webhook after the send's answer ('async'), or before it ('early': webhooks are not ordered).
   */
  | { kind: 'window'; mode: 'sync' | 'async' | 'early' };

export type FailureTarget = 'send' | 'media' | 'check';

export interface FailureOptions {
  /** How many requests fail (default 1). */
  times?: number;
  /** 'send': sends and uploads (default); 'media': media lookups and downloads; 'check': a connection check's lookups (WhatsApp). */
  on?: FailureTarget;
  /** Only requests to this recipient (wa_id / chat id): keeps parallel scenarios apart. */
  to?: string;
}

export class FailureQueue {
  private readonly queue: Array<{ failure: Failure; on: FailureTarget; to: string | undefined }> = [];

  add(failure: Failure, opts: FailureOptions = {}): void {
    for (let i = 0; i < (opts.times ?? 1); i++) this.queue.push({ failure, on: opts.on ?? 'send', to: opts.to });
  }

  /** The next failure for a request of kind `on` (to `to`), consumed. */
  take(on: FailureTarget, to?: string): Failure | undefined {
    const i = this.queue.findIndex((f) => f.on === on && (f.to === undefined || f.to === to));
    return i < 0 ? undefined : this.queue.splice(i, 1)[0]!.failure;
  }

  clear(): void {
    this.queue.length = 0;
  }
}

export interface UploadedFile {
  name: string;
  mime: string;
  bytes: Buffer;
}

export interface ParsedBody {
  json?: unknown;
  fields?: Record<string, string>;
  files?: Record<string, UploadedFile>;
  text: string;
}

export async function readRequest(req: IncomingMessage): Promise<{ raw: Buffer; body: ParsedBody }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = String(req.headers['content-type'] ?? '');
  const body: ParsedBody = { text: raw.toString('utf8') };
  if (type.startsWith('multipart/form-data')) {
    // undici's Request parses multipart for us, as a browser would.
    const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    body.fields = {};
    body.files = {};
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') body.fields[key] = value;
      else body.files[key] = { name: value.name, mime: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
    }
  } else if (raw.length) {
    try {
      body.json = JSON.parse(body.text);
    } catch {
      // left as text
    }
  } else {
    body.json = {};
  }
  return { raw, body };
}

/** A summary of a parsed body for the request log (no file bytes). */
export function loggable(body: ParsedBody): unknown {
  if (body.fields) return { ...body.fields, ...Object.fromEntries(Object.entries(body.files ?? {}).map(([k, f]) => [k, { name: f.name, mime: f.mime, size: f.bytes.length }])) };
  return body.json ?? body.text;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/**
 * JSON with every non-ASCII character escaped as \uXXXX (lowercase hex), as Meta signs its
 * payloads (reference §1.3): raw-byte and escaped-text verification then agree.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\0-~]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function postTo(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, text: await res.text() };
}

/** Starts `handler` on `port` (0 = any free port); `close` also cuts requests held by a timeout failure. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  port = 0,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    handler(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(err) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
