/**
 * Telegram Bot API adapter (https://core.telegram.org/bots/api): the same code runs against
 * api.telegram.org and against the local fake; only TELEGRAM_API_BASE differs.
 */
import { z } from 'zod';
import type { ProviderChannelRow } from '../../db/providerChannels';
import { asMediaFailure, jsonOf, mediaStatusFailure, providerFetch, retryAfterMs, sameSecret } from '../providerHttp';
import { MediaFailure, SendFailure, type ChannelAdapter, type ProviderEnv } from '../adapterTypes';
import { parseTelegram } from './parse';

export const telegramConfig = z.object({ botUsername: z.string().nullable().default(null) });
/** webhookSecret is Kaon's own (given to setWebhook as secret_token), never typed by anyone. */
export const telegramSecrets = z.object({ botToken: z.string(), webhookSecret: z.string() });
export type TelegramConfig = z.infer<typeof telegramConfig>;
export type TelegramSecrets = z.infer<typeof telegramSecrets>;

const LABEL = 'Telegram';
const answer = z.looseObject({
  ok: z.boolean(),
  result: z.unknown().optional(),
  description: z.string().optional(),
  parameters: z.looseObject({ retry_after: z.number().optional() }).optional(),
});

/** Photos Telegram shows inline; other files go as documents. */
const PHOTO = new Set(['image/jpeg', 'image/png', 'image/webp']);

export const telegramAdapter: ChannelAdapter = {
  kind: 'telegram',
  label: LABEL,
  open(channel: ProviderChannelRow, env: ProviderEnv) {
    const secrets = telegramSecrets.safeParse(JSON.parse(channel.secrets)).data ?? { botToken: '', webhookSecret: '' };
    const api = `${env.telegramApiBase}/bot${secrets.botToken}`;

    async function call(method: string, body: object | FormData, signal: AbortSignal, what = 'the message'): Promise<unknown> {
      const init: RequestInit =
        body instanceof FormData ? { method: 'POST', body } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      const res = await providerFetch(LABEL, `${api}/${method}`, init, env.providerTimeoutMs, signal);
      const parsed = answer.safeParse(await jsonOf(res));
      if (res.ok && parsed.data?.ok) return parsed.data.result;
      const hint = parsed.data?.parameters?.retry_after;
      if (res.status === 429 || res.status >= 500 || !parsed.success) {
        throw new SendFailure(true, `${LABEL} is busy or unavailable (HTTP ${res.status})`, hint !== undefined ? hint * 1000 : retryAfterMs(res));
      }
      throw new SendFailure(false, `${LABEL} refused ${what}: ${parsed.data.description ?? `HTTP ${res.status}`}`);
    }

    const sentId = (chatId: string, result: unknown) => {
      const sent = z.looseObject({ message_id: z.number() }).safeParse(result);
      if (!sent.success) throw new SendFailure(true, `${LABEL} answered without a message id`);
      return `${chatId}:${sent.data.message_id}`;
    };

    return {
      verify(headers) {
        const got = String(headers['x-telegram-bot-api-secret-token'] ?? '');
        return sameSecret(got, secrets.webhookSecret);
      },
      parse: parseTelegram,
      async sendPart(chatId, part, loadFile, signal) {
        if (part.type === 'template') throw new SendFailure(false, 'Templates are for WhatsApp channels');
        if (part.type === 'email') throw new SendFailure(false, 'E-mail replies are for e-mail channels');
        if (part.type === 'text') return sentId(chatId, await call('sendMessage', { chat_id: chatId, text: part.body }, signal));
        const file = await loadFile(part.fileId);
        const field = PHOTO.has(file.mime) ? 'photo' : 'document';
        const form = new FormData();
        form.append('chat_id', chatId);
        form.append(field, new Blob([new Uint8Array(file.bytes)], { type: file.mime }), file.name);
        if (part.caption) form.append('caption', part.caption);
        return sentId(chatId, await call(field === 'photo' ? 'sendPhoto' : 'sendDocument', form, signal));
      },
      async fetchMedia(ref, signal) {
        try {
          const info = z.looseObject({ file_path: z.string().min(1) }).safeParse(await call('getFile', { file_id: ref.id }, signal, 'the download'));
          if (!info.success) throw new MediaFailure(false, `${LABEL} has no download for this file (too large?)`);
          const path = info.data.file_path.split('/').map(encodeURIComponent).join('/');
          const res = await providerFetch(LABEL, `${env.telegramApiBase}/file/bot${secrets.botToken}/${path}`, {}, env.providerTimeoutMs, signal);
          if (!res.ok || !res.body) throw mediaStatusFailure(LABEL, res.status);
          return { body: res.body, mime: ref.mime || res.headers.get('content-type')?.split(';')[0] || 'application/octet-stream', name: ref.name || 'file' };
        } catch (err) {
          throw asMediaFailure(err);
        }
      },
      async connect(webhookUrl, signal) {
        const me = z.looseObject({ username: z.string().optional() }).safeParse(await call('getMe', {}, signal, 'the request'));
        const username = me.data?.username ?? null;
        await call('setWebhook', { url: webhookUrl, secret_token: secrets.webhookSecret, allowed_updates: ['message'] }, signal, 'the request');
        return { detail: `Connected to ${username ? `@${username}` : 'the bot'}; Telegram now sends its messages to ${webhookUrl}`, config: { botUsername: username } };
      },
    };
  },
};
