/**
 * Telegram Bot API `Update` payloads (https://core.telegram.org/bots/api#update) → normalized events.
 * Private chats only: a bot added to a group is not a customer conversation.
 */
import { z } from 'zod';
import type { InboundEvent, MediaRef, ParsedWebhook } from '../adapterTypes';

const str = z.string().max(100_000);
const fileId = z.string().min(1).max(256);
const file = z.looseObject({ file_id: fileId, file_name: str.optional(), mime_type: str.optional() });
const message = z.looseObject({
  message_id: z.number().int(),
  from: z.looseObject({ id: z.number().int(), first_name: str.optional(), last_name: str.optional(), username: str.optional() }).optional(),
  chat: z.looseObject({ id: z.number().int(), type: z.string().max(64), first_name: str.optional(), last_name: str.optional() }),
  text: str.optional(),
  caption: str.optional(),
  photo: z.array(z.looseObject({ file_id: fileId, width: z.number().optional(), height: z.number().optional() })).min(1).optional(),
  document: file.optional(),
  voice: file.optional(),
  audio: file.optional(),
  video: file.optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  contact: z.looseObject({ phone_number: str, first_name: str.optional(), last_name: str.optional() }).optional(),
});
const update = z.looseObject({ update_id: z.number().int().nonnegative(), message: z.unknown().optional() });

type Message = z.infer<typeof message>;

function mediaOf(m: Message): MediaRef | null {
  // Telegram sends a photo in several sizes, smallest first; keep the largest.
  if (m.photo) return { id: m.photo.at(-1)!.file_id, mime: 'image/jpeg', name: 'photo.jpg' };
  if (m.document) return { id: m.document.file_id, mime: m.document.mime_type, name: m.document.file_name || 'document' };
  if (m.voice) return { id: m.voice.file_id, mime: m.voice.mime_type || 'audio/ogg', name: 'voice-message.ogg' };
  if (m.audio) return { id: m.audio.file_id, mime: m.audio.mime_type, name: m.audio.file_name || 'audio' };
  if (m.video) return { id: m.video.file_id, mime: m.video.mime_type || 'video/mp4', name: m.video.file_name || 'video.mp4' };
  return null;
}

function bodyOf(m: Message): string {
  if (m.text) return m.text;
  if (m.location) return `📍 Location: https://maps.google.com/?q=${m.location.latitude},${m.location.longitude}`;
  if (m.contact) return `👤 ${[m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ') || 'Contact'}: ${m.contact.phone_number}`;
  return '⚠️ The customer sent a Telegram message type that Kaon cannot show. Ask them to send it as text or a file.';
}

/** Normalized events of a verified update; null = not a valid update. */
export function parseTelegram(body: unknown): ParsedWebhook | null {
  const u = update.safeParse(body);
  if (!u.success) return null;
  if (u.data.message === undefined) {
    const kind = Object.keys(u.data).find((k) => k !== 'update_id') ?? 'empty';
    return { events: [{ type: 'ignored', what: `update ${JSON.stringify(kind.slice(0, 64))}` }] };
  }
  const m = message.safeParse(u.data.message);
  if (!m.success) return null;
  const msg = m.data;
  if (msg.chat.type !== 'private') return { events: [{ type: 'ignored', what: `${JSON.stringify(msg.chat.type.slice(0, 64))} chat` }] };
  const media = mediaOf(msg);
  const who = msg.from ?? msg.chat;
  const name = [who.first_name, who.last_name].filter(Boolean).join(' ') || undefined;
  const event: InboundEvent = {
    type: 'message',
    // message_id is unique only inside a chat.
    key: `tg:${msg.chat.id}:${msg.message_id}`,
    externalId: String(msg.chat.id),
    name,
    body: media ? (msg.caption ?? '') : bodyOf(msg),
    media: media ? [media] : [],
  };
  return { events: [event], deliveryKey: `update:${u.data.update_id}` };
}
