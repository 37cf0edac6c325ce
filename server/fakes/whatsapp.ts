/**
 * A fake WhatsApp Cloud API (Graph API) for tests and the demo: a real HTTP server speaking the
 * documented shapes (https://developers.facebook.com/docs/whatsapp/cloud-api). The business side receives Kaon's
 * sends, uploads and media fetches; the customer side (./whatsappCustomer.ts) posts signed webhooks
 * to Kaon. Point WHATSAPP_API_BASE at `url`.
 *
 *   const wa = await startWhatsAppFake({ appSecret });
 *   wa.configureWebhook(`${kaonUrl}/webhooks/whatsapp/${channelId}`);
 *   await wa.customer.sendText('15551234567', 'Hello', { name: 'Asha' });
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FailureQueue, listen, loggable, readRequest, sendJson, type Failure, type FailureOptions, type RecordedRequest, type UploadedFile } from './kit';
import { createWhatsAppCustomer, type WhatsAppCustomer } from './whatsappCustomer';

export interface WhatsAppFakeOptions {
  port?: number;
  accessToken?: string;
  appSecret?: string;
  phoneNumberId?: string;
  /** The WhatsApp Business Account (WABA) the number belongs to. */
  businessAccountId?: string;
  displayPhoneNumber?: string;
  /** Answer each accepted send with 'sent' then 'delivered' status webhooks (for the simulator). */
  autoDeliver?: boolean;
}

export interface SentMessage {
  wamid: string;
  to: string;
  type: string;
  /** The JSON Kaon posted. */
  body: Record<string, unknown>;
}

/** A media link Kaon sent (`{ link }`), fetched by the fake as Meta does: what it got back. */
export interface LinkFetch {
  url: string;
  /** HTTP status of the fetch; 0 when it could not connect. */
  status: number;
  mime: string | null;
  /** The body when the fetch succeeded. */
  bytes: Buffer | null;
  at: number;
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

export interface WhatsAppFake {
  /** The base URL: set WHATSAPP_API_BASE to it. */
  url: string;
  accessToken: string;
  appSecret: string;
  phoneNumberId: string;
  businessAccountId: string;
  /** Every request Kaon made, in order. */
  requests: RecordedRequest[];
  /** Messages accepted from Kaon, in order. */
  sent: SentMessage[];
  /** Calls `listener` for each message accepted from Kaon (the simulator shows agent replies); returns unsubscribe. */
  onSend(listener: (message: SentMessage) => void): () => void;
  /** Media Kaon uploaded, by media id. */
  uploads: Map<string, UploadedFile>;
  /** Media links Kaon sent, in order, with what fetching each one (without cookies, like Meta) returned. */
  linkFetches: LinkFetch[];
  /** The next requests matching `opts` fail (by default: the next send). */
  failNext(failure: Failure, opts?: FailureOptions): void;
  clearFailures(): void;
  /** Where webhooks go (Kaon's /webhooks/whatsapp/<channelId>), as set in Meta's App Dashboard. */
  configureWebhook(url: string): void;
  /** Media a customer sends; returns its media id. */
  addMedia(bytes: Buffer, mime: string): string;
  /** The customer side: signed webhooks to Kaon. */
  customer: WhatsAppCustomer;
  close(): Promise<void>;
}

const graphError = (code: number, message: string, details = message) => ({
  error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: randomBytes(8).toString('base64url') },
});
const WINDOW_DETAILS = 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';

export async function startWhatsAppFake(options: WhatsAppFakeOptions = {}): Promise<WhatsAppFake> {
  const accessToken = options.accessToken ?? 'fake-wa-access-token';
  const appSecret = options.appSecret ?? 'fake-wa-app-secret';
  const phoneNumberId = options.phoneNumberId ?? '106540352242922';
  const businessAccountId = options.businessAccountId ?? '102290129340398';
  const displayPhoneNumber = options.displayPhoneNumber ?? '15550783881';
  const requests: RecordedRequest[] = [];
  const sent: SentMessage[] = [];
  const uploads = new Map<string, UploadedFile>();
  const linkFetches: LinkFetch[] = [];
  const media = new Map<string, { bytes: Buffer; mime: string }>();
  const failures = new FailureQueue();
  const listeners = new Set<(message: SentMessage) => void>();
  let url = '';

  // Graph media ids are numeric strings.
  let nextMediaId = 1_000_000_000_000;
  function addMedia(bytes: Buffer, mime: string): string {
    const id = String(nextMediaId++);
    media.set(id, { bytes, mime });
    return id;
  }
  const customer = createWhatsAppCustomer({ appSecret, phoneNumberId, displayPhoneNumber, addMedia });
  const authorized = (req: IncomingMessage) => req.headers.authorization === `Bearer ${accessToken}`;

  /** Applies an injected failure; true when the request was answered (or is held). */
  function fail(res: ServerResponse, failure: Failure | undefined): boolean {
    if (!failure || failure.kind === 'window') return false;
    if (failure.kind === 'timeout') return true; // held until close()
    const headers: Record<string, string> = failure.retryAfterS !== undefined ? { 'retry-after': String(failure.retryAfterS) } : {};
    const code = failure.code ?? (failure.status === 429 ? 130429 : 1);
    sendJson(res, failure.status, graphError(code, failure.message ?? `(#${code}) Injected failure`), headers);
    return true;
  }

  /** Downloads a `{ link }` media as Meta would (no cookies, no auth), recording the outcome. */
  async function fetchLink(link: string): Promise<LinkFetch> {
    let entry: LinkFetch;
    try {
      const res = await fetch(link, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
      const bytes = Buffer.from(await res.arrayBuffer());
      entry = { url: link, status: res.status, mime: res.headers.get('content-type'), bytes: res.ok ? bytes : null, at: Date.now() };
    } catch {
      entry = { url: link, status: 0, mime: null, bytes: null, at: Date.now() };
    }
    linkFetches.push(entry);
    return entry;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body } = await readRequest(req);
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body: loggable(body), at: Date.now() });
    const download = /^\/media-download\/([\w-]+)$/.exec(path);
    if (download) {
      // The short-lived media URL needs the same Bearer token (§1.6).
      const item = media.get(download[1]!);
      if (!authorized(req)) return sendJson(res, 401, graphError(190, 'Invalid OAuth access token'));
      if (!item) return sendJson(res, 404, graphError(100, 'Media not found'));
      res.writeHead(200, { 'content-type': item.mime, 'content-length': String(item.bytes.length) }).end(item.bytes);
      return;
    }
    const m = /^\/(v\d+\.\d)\/([\w.-]+)(?:\/(messages|media|phone_numbers))?$/.exec(path);
    if (!m) return sendJson(res, 404, graphError(100, 'Unknown path'));
    if (!authorized(req)) return sendJson(res, 401, graphError(190, 'Invalid OAuth access token'));
    const [, , id, action] = m;
    if (action === 'phone_numbers' && req.method === 'GET') {
      if (fail(res, failures.take('check'))) return;
      if (id !== businessAccountId) return sendJson(res, 400, graphError(100, 'Invalid parameter', `Unsupported get request. Object with ID '${id}' does not exist`));
      return sendJson(res, 200, { data: [{ id: phoneNumberId, display_phone_number: displayPhoneNumber, verified_name: 'Kaon Fake Business' }] });
    }
    if (action && id !== phoneNumberId) return sendJson(res, 400, graphError(100, 'Invalid parameter', 'Unknown phone number id'));

    if (action === 'media' && req.method === 'POST') {
      if (fail(res, failures.take('send'))) return;
      const file = body.files?.file;
      if (body.fields?.messaging_product !== 'whatsapp' || !file) return sendJson(res, 400, graphError(100, 'Invalid parameter', 'file and messaging_product required'));
      const mediaId = String(nextMediaId++);
      uploads.set(mediaId, file);
      return sendJson(res, 200, { id: mediaId });
    }
    if (action === 'messages' && req.method === 'POST') {
      const msg = body.json as Record<string, unknown> | undefined;
      const to = typeof msg?.to === 'string' ? msg.to : '';
      const failure = failures.take('send', to);
      if (fail(res, failure)) return;
      if (failure?.kind === 'window' && failure.mode === 'sync') return sendJson(res, 400, graphError(131047, 'Re-engagement message', WINDOW_DETAILS));
      if (msg?.messaging_product !== 'whatsapp' || !to || typeof msg.type !== 'string') {
        return sendJson(res, 400, graphError(100, 'Invalid parameter', 'messaging_product, to and type are required'));
      }
      // Media: exactly one of `id` (an upload) or `link` (Meta fetches the URL itself, §1.7).
      const mediaObj = MEDIA_TYPES.has(msg.type) ? (msg[msg.type] as Record<string, unknown> | undefined) : undefined;
      if (MEDIA_TYPES.has(msg.type) && (!mediaObj || ('id' in mediaObj) === ('link' in mediaObj))) {
        return sendJson(res, 400, graphError(100, 'Invalid parameter', `${msg.type} needs exactly one of id or link`));
      }
      const fetched = typeof mediaObj?.link === 'string' ? await fetchLink(mediaObj.link) : null;
      const wamid = `wamid.${randomBytes(24).toString('base64')}`;
      const record: SentMessage = { wamid, to, type: msg.type, body: msg };
      sent.push(record);
      for (const listener of listeners) listener(record);
      const windowFailed = () =>
        customer.sendStatus(wamid, 'failed', { recipient: to, errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: WINDOW_DETAILS } }] });
      if (failure?.kind === 'window' && failure.mode === 'early') await windowFailed();
      sendJson(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: wamid }] });
      if (fetched && !fetched.bytes) {
        // Like Meta: the send is accepted, then fails when the media cannot be downloaded.
        const details = fetched.status ? `Media download failed: the link answered HTTP ${fetched.status}` : 'Media download failed: the link did not answer';
        setTimeout(() => void customer.sendStatus(wamid, 'failed', { recipient: to, errors: [{ code: 131053, title: 'Media upload error', message: 'Media upload error', error_data: { details } }] }), 5);
      } else if (failure?.kind === 'window' && failure.mode === 'async') {
        setTimeout(() => void windowFailed(), 5);
      } else if (options.autoDeliver) {
        setTimeout(() => void customer.sendStatus(wamid, 'sent', { recipient: to }).then(() => customer.sendStatus(wamid, 'delivered', { recipient: to })), 5);
      }
      return;
    }
    if (!action && req.method === 'GET') {
      if (id === phoneNumberId && fail(res, failures.take('check'))) return;
      if (id === phoneNumberId) return sendJson(res, 200, { id, display_phone_number: displayPhoneNumber, verified_name: 'Kaon Fake Business', quality_rating: 'GREEN' });
      if (fail(res, failures.take('media'))) return;
      const item = media.get(id!);
      if (!item) return sendJson(res, 404, graphError(100, 'Invalid parameter', 'Unknown media id'));
      const sha256 = createHash('sha256').update(item.bytes).digest('hex');
      return sendJson(res, 200, { messaging_product: 'whatsapp', url: `${url}/media-download/${id}`, mime_type: item.mime, sha256, file_size: String(item.bytes.length), id });
    }
    if (!action && req.method === 'DELETE') return sendJson(res, 200, { success: media.delete(id!) || uploads.delete(id!) });
    return sendJson(res, 405, graphError(100, 'Unsupported method'));
  }

  const server = await listen(handle, options.port ?? 0);
  url = server.url;
  return {
    url,
    accessToken,
    appSecret,
    phoneNumberId,
    businessAccountId,
    requests,
    sent,
    onSend(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    uploads,
    linkFetches,
    failNext: (failure, opts) => failures.add(failure, opts),
    clearFailures: () => failures.clear(),
    configureWebhook: (webhookUrl) => customer.setWebhookUrl(webhookUrl),
    addMedia,
    customer,
    close: server.close,
  };
}
