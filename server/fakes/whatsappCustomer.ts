/**
 * The customer side of the WhatsApp fake: builds the webhook payloads Meta sends (reference §1.4)
 * and posts them to Kaon signed with `X-Hub-Signature-256` over the exact bytes sent.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { asciiJson, postTo } from './kit';

export interface MessageOptions {
  /** The profile name WhatsApp shows (contacts[0].profile.name). */
  name?: string;
  /** The wamid; a new one by default. Reuse it to simulate Meta's retries. */
  id?: string;
}

export interface WebhookResult {
  status: number;
  text: string;
  /** The wamid of the message sent, if any. */
  id: string;
  /** The exact body posted (to replay it). */
  raw: string;
}

export type MediaType = 'image' | 'document' | 'audio' | 'video' | 'sticker';

export interface WhatsAppCustomer {
  setWebhookUrl(url: string): void;
  /** The clock messages are dated with (`timestamp`, unix seconds): tests and the simulator pass Kaon's. */
  setClock(now: () => number): void;
  sendText(from: string, text: string, opts?: MessageOptions): Promise<WebhookResult>;
  /** A media message; the bytes are served by the fake's media API. */
  sendMedia(from: string, type: MediaType, file: { bytes: Buffer; mime: string; filename?: string }, opts?: MessageOptions & { caption?: string; voice?: boolean }): Promise<WebhookResult>;
  sendLocation(from: string, location: { latitude: number; longitude: number; name?: string; address?: string }, opts?: MessageOptions): Promise<WebhookResult>;
  sendContacts(from: string, contacts: Array<{ name: string; phone: string }>, opts?: MessageOptions): Promise<WebhookResult>;
  /** Any message object (`{ type, [type]: … }`), e.g. an unsupported type. */
  sendMessage(from: string, message: Record<string, unknown>, opts?: MessageOptions): Promise<WebhookResult>;
  sendStatus(wamid: string, status: 'sent' | 'delivered' | 'read' | 'failed', opts?: { recipient?: string; errors?: unknown[] }): Promise<WebhookResult>;
  /** Posts a payload (object or exact text), signed unless `signature` is given (null = no header). */
  post(payload: object | string, opts?: { signature?: string | null }): Promise<WebhookResult>;
  sign(raw: string): string;
  /** Meta's GET subscription handshake. */
  handshake(verifyToken: string, challenge?: string, mode?: string): Promise<{ status: number; text: string }>;
}

export function createWhatsAppCustomer(o: {
  appSecret: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  addMedia: (bytes: Buffer, mime: string) => string;
  now?: () => number;
}): WhatsAppCustomer {
  let webhookUrl: string | null = null;
  let now = o.now ?? Date.now;
  const target = () => {
    if (!webhookUrl) throw new Error('configureWebhook() first: the fake does not know where Kaon is');
    return webhookUrl;
  };
  const value = (inner: Record<string, unknown>) => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: o.displayPhoneNumber, phone_number_id: o.phoneNumberId }, ...inner } }],
      },
    ],
  });
  const sign = (raw: string) => `sha256=${createHmac('sha256', o.appSecret).update(raw).digest('hex')}`;

  async function post(payload: object | string, opts: { signature?: string | null } = {}, id = ''): Promise<WebhookResult> {
    const raw = typeof payload === 'string' ? payload : asciiJson(payload);
    const signature = opts.signature === undefined ? sign(raw) : opts.signature;
    const res = await postTo(target(), raw, signature === null ? {} : { 'x-hub-signature-256': signature });
    return { ...res, id, raw };
  }

  function sendMessage(from: string, message: Record<string, unknown>, opts: MessageOptions = {}) {
    const id = opts.id ?? `wamid.${randomBytes(24).toString('base64')}`;
    const timestamp = String(Math.floor(now() / 1000));
    const contacts = [{ profile: { name: opts.name ?? `Customer ${from.slice(-4)}` }, wa_id: from }];
    return post(value({ contacts, messages: [{ from, id, timestamp, ...message }] }), {}, id);
  }

  return {
    setWebhookUrl: (url) => void (webhookUrl = url),
    setClock: (clock) => void (now = clock),
    sendText: (from, text, opts) => sendMessage(from, { type: 'text', text: { body: text } }, opts),
    sendMedia(from, type, file, opts = {}) {
      const id = o.addMedia(file.bytes, file.mime);
      const item: Record<string, unknown> = { id, mime_type: file.mime, sha256: 'fake', url: `https://lookaside.invalid/${id}` };
      if (opts.caption !== undefined) item.caption = opts.caption;
      if (file.filename !== undefined) item.filename = file.filename;
      if (opts.voice !== undefined) item.voice = opts.voice;
      return sendMessage(from, { type, [type]: item }, opts);
    },
    sendLocation: (from, location, opts) => sendMessage(from, { type: 'location', location }, opts),
    sendContacts: (from, contacts, opts) =>
      sendMessage(from, { type: 'contacts', contacts: contacts.map((c) => ({ name: { formatted_name: c.name, first_name: c.name }, phones: [{ phone: c.phone, type: 'CELL' }] })) }, opts),
    sendMessage,
    sendStatus: (wamid, status, opts = {}) =>
      post(
        value({ statuses: [{ id: wamid, status, timestamp: String(Math.floor(now() / 1000)), recipient_id: opts.recipient ?? '0', ...(opts.errors ? { errors: opts.errors } : {}) }] }),
        {},
        wamid,
      ),
    post: (payload, opts) => post(payload, opts),
    sign,
    async handshake(verifyToken, challenge = String(Math.floor(Math.random() * 1e10)), mode = 'subscribe') {
      const url = new URL(target());
      url.search = new URLSearchParams({ 'hub.mode': mode, 'hub.challenge': challenge, 'hub.verify_token': verifyToken }).toString();
      const res = await fetch(url);
      return { status: res.status, text: await res.text() };
    },
  };
}
