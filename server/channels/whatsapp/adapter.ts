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

/** A connection check's failure, in words an admin can act on (wrong token, unknown id, WhatsApp down). */
async function checkFailure(res: Response, what: string): Promise<SendFailure> {
  const parsed = graphError.safeParse(await jsonOf(res));
  const code = parsed.success ? parsed.data.error.code : undefined;
  if (res.status === 401 || code === 190) {
    return new SendFailure(false, 'WhatsApp did not accept the access token: it is wrong or has expired. Paste a new one (Edit → New access token).');
  }
  if (res.status === 404 || code === 100 || code === 803) return new SendFailure(false, `WhatsApp does not know ${what}. Check it in Meta's WhatsApp Manager.`);
  if (res.status === 403 || code === 10 || code === 200) return new SendFailure(false, `The access token may not use ${what}. Give it the whatsapp_business_messaging permission for this number.`);
  if (res.status === 429 || res.status >= 500) return new SendFailure(true, `WhatsApp is busy or unavailable (HTTP ${res.status}). Try again in a few minutes.`);
  const e = parsed.success ? parsed.data.error : undefined;
  return new SendFailure(false, `WhatsApp refused to check ${what}: ${e?.error_data?.details || e?.message || `it answered HTTP ${res.status}`}.`);
}

/** The check could not talk to WhatsApp at all: no network, or no answer in time. */
function checkUnreachable(err: unknown, timeoutMs: number): unknown {
  if (!(err instanceof SendFailure)) return err;
  if (/did not answer|stopped before/.test(err.reason)) return new SendFailure(true, `WhatsApp did not answer within ${Math.round(timeoutMs / 1000)} s. Try again in a minute.`);
  if (/Could not reach/.test(err.reason)) return new SendFailure(true, `Kaon's server could not reach WhatsApp: the network is unreachable from it. Check its internet access (or WHATSAPP_API_BASE).`);
  return err;
}

/** Graph media types by MIME; anything else goes as a document (keeps its name). */
function mediaTypeOf(mime: string): 'image' | 'video' | 'audio' | 'document' {
  if (mime === 'image/jpeg' || mime === 'image/png') return 'image';
  if (mime === 'video/mp4' || mime === 'video/3gpp') return 'video';
  if (/^audio\/(aac|amr|mpeg|mp4|ogg)$/.test(mime)) return 'audio';
  return 'document';
}

function partBody(part: Exclude<OutboundPart, { type: 'file' } | { type: 'email' }>) {
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
        if (part.type === 'email') throw new SendFailure(false, 'E-mail replies are for e-mail channels');
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
        // WhatsApp's webhook is set in Meta's App Dashboard; here we check the token, the number
        // and (when given) that the number belongs to the business account, saying which failed.
        const get = async (path: string, what: string) => {
          let res: Response;
          try {
            res = await call(path, {}, signal);
          } catch (err) {
            throw checkUnreachable(err, env.providerTimeoutMs);
          }
          if (!res.ok) throw await checkFailure(res, what);
          return jsonOf(res);
        };
        const phone = z
          .looseObject({ display_phone_number: z.string().optional(), verified_name: z.string().optional() })
          .safeParse(await get(`${encodeURIComponent(config.phoneNumberId)}?fields=display_phone_number,verified_name`, `phone number ID ${config.phoneNumberId}`));
        const number = phone.data?.display_phone_number ?? null;
        const checked = [`the access token works`, `phone number ID ${config.phoneNumberId} is ${number ?? 'a WhatsApp number'}${phone.data?.verified_name ? ` (${phone.data.verified_name})` : ''}`];
        if (config.businessAccountId) {
          const waba = config.businessAccountId;
          const numbers = z
            .looseObject({ data: z.array(z.looseObject({ id: z.string() })) })
            .safeParse(await get(`${encodeURIComponent(waba)}/phone_numbers?fields=id`, `business account ID ${waba}`));
          if (numbers.success && !numbers.data.data.some((n) => n.id === config.phoneNumberId)) {
            throw new SendFailure(false, `Phone number ID ${config.phoneNumberId} is not a number of business account ${waba}. Check both IDs in Meta's WhatsApp Manager.`);
          }
          checked.push(`it belongs to business account ${waba}`);
        }
        return {
          detail: `Connected to WhatsApp: ${checked.join(', ')}. Set the webhook URL and verify token in Meta's App Dashboard.`,
          config: { displayPhoneNumber: number },
        };
      },
    };
  },
};
