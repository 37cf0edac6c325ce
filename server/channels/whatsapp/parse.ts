/**
 * WhatsApp Cloud API webhook payloads (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components) → normalized events.
 * Shapes are checked loosely (Meta adds fields often) but the fields Kaon relies on are required.
 */
import { z } from 'zod';
import { WINDOW_CLOSED_MESSAGE } from '../../../shared/domain/providers';
import { extensionOf } from '../providerHttp';
import type { InboundEvent, MediaRef, ParsedWebhook } from '../adapterTypes';

const str = z.string().max(100_000);
const error = z.looseObject({
  code: z.number(),
  title: str.optional(),
  message: str.optional(),
  error_data: z.looseObject({ details: str.optional() }).optional(),
});
const media = z.looseObject({
  id: z.string().min(1).max(256),
  mime_type: str.optional(),
  caption: str.optional(),
  filename: str.optional(),
  voice: z.boolean().optional(),
});
const message = z.looseObject({
  from: z.string().min(1).max(64),
  id: z.string().min(1).max(256),
  timestamp: str.optional(),
  type: z.string().min(1).max(64),
  text: z.looseObject({ body: str }).optional(),
  image: media.optional(),
  video: media.optional(),
  audio: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number(), name: str.optional(), address: str.optional() }).optional(),
  contacts: z
    .array(z.looseObject({ name: z.looseObject({ formatted_name: str.optional() }).optional(), phones: z.array(z.looseObject({ phone: str.optional() })).optional() }))
    .optional(),
  button: z.looseObject({ text: str }).optional(),
  interactive: z.looseObject({ button_reply: z.looseObject({ title: str }).optional(), list_reply: z.looseObject({ title: str }).optional() }).optional(),
  reaction: z.looseObject({ emoji: str.optional() }).optional(),
});
const status = z.looseObject({ id: z.string().min(1).max(256), status: z.string().max(64), errors: z.array(error).optional() });
const value = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string() }),
  contacts: z.array(z.looseObject({ wa_id: str.optional(), profile: z.looseObject({ name: str.optional() }).optional() })).optional(),
  messages: z.array(message).optional(),
  statuses: z.array(status).optional(),
});
const envelope = z.looseObject({
  object: z.string(),
  entry: z.array(z.looseObject({ changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).default([]) })),
});

type Message = z.infer<typeof message>;
const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;

const unsupported = (type: string) =>
  `⚠️ The customer sent a WhatsApp ${type === 'unsupported' || type === 'unknown' ? 'message type' : `“${type}” message`} that Kaon cannot show. Ask them to send it as text or a file.`;

function mediaOf(m: Message): { ref: MediaRef; caption: string } | null {
  const type = MEDIA_TYPES.find((t) => t === m.type);
  const item = type && m[type];
  if (!type || !item) return null;
  const mime = item.mime_type?.split(';')[0]!.trim() || 'application/octet-stream';
  const name =
    type === 'document'
      ? item.filename || `document.${extensionOf(mime)}`
      : type === 'audio' && item.voice
        ? `voice-message.${extensionOf(mime)}`
        : `${type}.${extensionOf(mime)}`;
  return { ref: { id: item.id, mime, name }, caption: item.caption ?? '' };
}

/** The text an agent reads for a message; null when there is nothing to store (a removed reaction). */
function bodyOf(m: Message): string | null {
  switch (m.type) {
    case 'text':
      return m.text?.body || unsupported('empty text');
    case 'location': {
      if (!m.location) return unsupported('location');
      const { latitude, longitude, name, address } = m.location;
      const label = [name, address].filter(Boolean).join(', ');
      return `📍 ${label ? `${label} — ` : 'Location: '}https://maps.google.com/?q=${latitude},${longitude}`;
    }
    case 'contacts':
      if (!m.contacts?.length) return unsupported('contacts');
      return m.contacts
        .map((c) => `👤 ${c.name?.formatted_name || 'Contact'}${c.phones?.length ? `: ${c.phones.map((p) => p.phone).filter(Boolean).join(', ')}` : ''}`)
        .join('\n');
    case 'button':
      return m.button?.text || unsupported('button');
    case 'interactive':
      return m.interactive?.button_reply?.title || m.interactive?.list_reply?.title || unsupported('interactive');
    case 'reaction':
      return m.reaction?.emoji ? `Reacted ${m.reaction.emoji} to a message` : null;
    default:
      return unsupported(m.type);
  }
}

function failureReason(errors: z.infer<typeof error>[] | undefined): string {
  const e = errors?.[0];
  if (!e) return 'WhatsApp could not deliver this message';
  if (e.code === 131047) return WINDOW_CLOSED_MESSAGE;
  return `${e.error_data?.details || e.message || e.title || 'WhatsApp could not deliver this message'} (error ${e.code})`;
}

const STATUSES: Record<string, 'sent' | 'delivered' | 'read' | 'failed'> = { sent: 'sent', delivered: 'delivered', read: 'read', played: 'read', failed: 'failed' };

/** Meta dates a message in unix seconds; a webhook may arrive much later (retries), so the thread and the 24-hour window use this. */
function sentAt(timestamp: string | undefined): number | undefined {
  const seconds = Number(timestamp);
  return timestamp && Number.isSafeInteger(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** Normalized events of a (verified) payload for the channel with `phoneNumberId`; null = not a valid payload. */
export function parseWhatsApp(body: unknown, phoneNumberId: string): ParsedWebhook | null {
  const env = envelope.safeParse(body);
  if (!env.success) return null;
  if (env.data.object !== 'whatsapp_business_account') return { events: [{ type: 'ignored', what: `object ${JSON.stringify(env.data.object.slice(0, 64))}` }] };
  const events: InboundEvent[] = [];
  for (const change of env.data.entry.flatMap((e) => e.changes)) {
    if (change.field !== 'messages') {
      events.push({ type: 'ignored', what: `field ${JSON.stringify(change.field.slice(0, 64))}` });
      continue;
    }
    const v = value.safeParse(change.value);
    if (!v.success) return null;
    if (v.data.metadata.phone_number_id !== phoneNumberId) {
      events.push({ type: 'ignored', what: 'another phone number' });
      continue;
    }
    for (const m of v.data.messages ?? []) {
      const name = v.data.contacts?.find((c) => c.wa_id === m.from)?.profile?.name ?? v.data.contacts?.[0]?.profile?.name;
      const media = mediaOf(m);
      const body = media ? media.caption : bodyOf(m);
      if (body === null) {
        events.push({ type: 'ignored', what: `${JSON.stringify(m.type)} without content` });
        continue;
      }
      events.push({ type: 'message', key: `wa:${m.id}`, externalId: m.from, name: name || undefined, body, media: media ? [media.ref] : [], sentAt: sentAt(m.timestamp) });
    }
    for (const s of v.data.statuses ?? []) {
      const status = STATUSES[s.status];
      if (!status) events.push({ type: 'ignored', what: `status ${JSON.stringify(s.status)}` });
      else events.push({ type: 'status', externalMessageId: s.id, status, error: status === 'failed' ? failureReason(s.errors) : null });
    }
    if (!v.data.messages?.length && !v.data.statuses?.length) events.push({ type: 'ignored', what: 'messages change without messages or statuses' });
  }
  return { events };
}
