/**
 * WhatsApp Business Cloud API adapter (https://developers.facebook.com/docs/whatsapp/cloud-api): the same code runs against
 * graph.facebook.com and against the local fake; only WHATSAPP_API_BASE differs.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { WINDOW_CLOSED_MESSAGE } from '../../../shared/domain/providers';
import type { ProviderChannelRow } from '../../db/providerChannels';
import { asMediaFailure, jsonOf, mediaStatusFailure, providerFetch, retryAfterMs, sameSecret } from '../providerHttp';
import { MediaFailure, SendFailure, type ChannelAdapter, type OutboundFile, type OutboundPart, type ProviderEnv } from '../adapterTypes';
import { parseWhatsApp } from './parse';

export const whatsappConfig = z.object({
  phoneNumberId: z.string(),
  businessAccountId: z.string().nullable().default(null),
  apiVersion: z.string().default('v21.0'),
  displayPhoneNumber: z.string().nullable().default(null),
  /** Reply files go as `{ link }` to a signed, expiring Kaon URL (needs PUBLIC_URL) instead of being uploaded first. */
  mediaByLink: z.boolean().default(false),
});
export const whatsappSecrets = z.object({ accessToken: z.string(), appSecret: z.string(), verifyToken: z.string() });
export type WhatsAppConfig = z.infer<typeof whatsappConfig>;
export type WhatsAppSecrets = z.infer<typeof whatsappSecrets>;

const LABEL = 'WhatsApp';
/** Throttling and "try again later" codes (error-codes page): retried, never shown as final. */
const TRANSIENT_CODES = new Set([1, 2, 4, 80007, 130429, 131056]);

const graphError = z.looseObject({
  error: z.looseObject({ message: z.string().optional(), code: z.number().optional(), error_data: z.looseObject({ details: z.string().optional() }).optional() }),
});

/** Classifies a non-2xx Graph API answer. */
async function failureOf(res: Response, what = 'the message'): Promise<SendFailure> {
  const parsed = graphError.safeParse(await jsonOf(res));
  const e = parsed.success ? parsed.data.error : undefined;
  const code = e?.code;
  if (res.status === 429 || res.status >= 500 || (code !== undefined && TRANSIENT_CODES.has(code))) {
    return new SendFailure(true, `${LABEL} is busy or unavailable (HTTP ${res.status}${code ? `, error ${code}` : ''})`, retryAfterMs(res));
  }
  if (code === 131047) return new SendFailure(false, WINDOW_CLOSED_MESSAGE);
  const why = e?.error_data?.details || e?.message || `HTTP ${res.status}`;
  return new SendFailure(false, `${LABEL} refused ${what}: ${why}${code !== undefined ? ` (error ${code})` : ''}`);
}

/** Graph media types by MIME; anything else goes as a document (keeps its name). */
function mediaTypeOf(mime: string): 'image' | 'video' | 'audio' | 'document' {
  if (mime === 'image/jpeg' || mime === 'image/png') return 'image';
  if (mime === 'video/mp4' || mime === 'video/3gpp') return 'video';
  if (/^audio\/(aac|amr|mpeg|mp4|ogg)$/.test(mime)) return 'audio';
  return 'document';
}

function partBody(part: Exclude<OutboundPart, { type: 'file' }>) {
  if (part.type === 'text') return { type: 'text', text: { preview_url: false, body: part.body } };
  const components = part.values.length ? [{ type: 'body', parameters: part.values.map((text) => ({ type: 'text', text })) }] : [];
  return { type: 'template', template: { name: part.name, language: { policy: 'deterministic', code: part.language }, components } };
}

export const whatsappAdapter: ChannelAdapter = {
  kind: 'whatsapp',
  label: LABEL,
  open(channel: ProviderChannelRow, env: ProviderEnv) {
    const config = whatsappConfig.parse(JSON.parse(channel.config));
    // A deleted channel has no secrets: every check fails closed.
    const secrets = whatsappSecrets.safeParse(JSON.parse(channel.secrets)).data ?? { accessToken: '', appSecret: '', verifyToken: '' };
    const base = `${env.whatsappApiBase}/${config.apiVersion}`;
    const auth = { authorization: `Bearer ${secrets.accessToken}` };
    const call = (path: string, init: RequestInit, signal: AbortSignal) =>
      providerFetch(LABEL, `${base}/${path}`, { ...init, headers: { ...auth, ...init.headers } }, env.providerTimeoutMs, signal);

    async function post(body: object, signal: AbortSignal): Promise<string> {
      const res = await call(`${config.phoneNumberId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, signal);
      if (!res.ok) throw await failureOf(res);
      const id = z.looseObject({ messages: z.array(z.looseObject({ id: z.string() })).min(1) }).safeParse(await jsonOf(res));
      if (!id.success) throw new SendFailure(true, `${LABEL} answered without a message id`);
      return id.data.messages[0]!.id;
    }

    async function upload(file: OutboundFile, signal: AbortSignal): Promise<string> {
      const form = new FormData();
      form.append('messaging_product', 'whatsapp');
      form.append('type', file.mime);
      form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.mime }), file.name);
      const res = await call(`${config.phoneNumberId}/media`, { method: 'POST', body: form }, signal);
      if (!res.ok) throw await failureOf(res);
      const id = z.looseObject({ id: z.string() }).safeParse(await jsonOf(res));
      if (!id.success) throw new SendFailure(true, `${LABEL} answered the upload without a media id`);
      return id.data.id;
    }

    return {
      handshake(params) {
        const ok = params.get('hub.mode') === 'subscribe' && sameSecret(params.get('hub.verify_token') ?? '', secrets.verifyToken);
        return ok ? { status: 200, body: params.get('hub.challenge') ?? '' } : { status: 403, body: 'Wrong verify token' };
      },
      verify(headers, raw) {
        const got = String(headers['x-hub-signature-256'] ?? '');
        const expected = `sha256=${createHmac('sha256', secrets.appSecret).update(raw).digest('hex')}`;
        return secrets.appSecret !== '' && sameSecret(got, expected);
      },
      parse: (body) => parseWhatsApp(body, config.phoneNumberId),
      async sendPart(to, part, loadFile, signal) {
        const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
        if (part.type !== 'file') return post({ ...envelope, ...partBody(part) }, signal);
        // By link (the channel's setting, with PUBLIC_URL): Meta fetches the file from Kaon's
        // signed, expiring URL. Otherwise, or without PUBLIC_URL, the file is uploaded first.
        const link = config.mediaByLink ? (env.fileLink?.(part.fileId) ?? null) : null;
        const file = link ?? (await loadFile(part.fileId));
        const type = mediaTypeOf(file.mime);
        const media: Record<string, string> = 'url' in file ? { link: file.url } : { id: await upload(file, signal) };
        if (part.caption && type !== 'audio') media.caption = part.caption;
        if (type === 'document') media.filename = file.name;
        return post({ ...envelope, type, [type]: media }, signal);
      },
      async fetchMedia(ref, signal) {
        // Two steps (§1.6): the media id gives a short-lived URL, which needs the same token.
        try {
          const meta = await call(`${encodeURIComponent(ref.id)}?phone_number_id=${encodeURIComponent(config.phoneNumberId)}`, {}, signal);
          if (!meta.ok) throw mediaStatusFailure(LABEL, meta.status);
          const info = z.looseObject({ url: z.string().url(), mime_type: z.string().optional() }).safeParse(await jsonOf(meta));
          if (!info.success) throw new MediaFailure(false, `${LABEL} gave no download URL for this media`);
          const file = await providerFetch(LABEL, info.data.url, { headers: auth }, env.providerTimeoutMs, signal);
          if (!file.ok || !file.body) throw mediaStatusFailure(LABEL, file.status);
          return { body: file.body, mime: info.data.mime_type || ref.mime || 'application/octet-stream', name: ref.name || 'file' };
        } catch (err) {
          throw asMediaFailure(err);
        }
      },
      async connect(_webhookUrl, signal) {
        // WhatsApp's webhook is set in Meta's App Dashboard; here we check the token and number.
        const res = await call(`${encodeURIComponent(config.phoneNumberId)}?fields=display_phone_number,verified_name`, {}, signal);
        if (!res.ok) throw await failureOf(res, 'the request');
        const info = z.looseObject({ display_phone_number: z.string().optional(), verified_name: z.string().optional() }).safeParse(await jsonOf(res));
        const number = info.data?.display_phone_number ?? null;
        return {
          detail: `Connected to ${info.data?.verified_name ?? LABEL}${number ? ` (${number})` : ''}. Set the webhook URL and verify token in Meta's App Dashboard.`,
          config: { displayPhoneNumber: number },
        };
      },
    };
  },
};
