import {
  checkTemplateValues,
  isProviderKind,
  PROVIDER_LABELS,
  PROVIDER_LIMITS,
  renderTemplate,
  windowState,
  type ProviderKind,
} from '../../shared/domain/providers';
import type { OutboundMessage, OutboundPart } from '../../shared/domain/providers';
import { channelTemplates } from '../db/channelTemplates';
import type { Db } from '../db/connection';
import { outbox } from '../db/outbox';
import { providerChannels, type ProviderChannelRow } from '../db/providerChannels';
import { errors } from '../errors';
import { planEmailPart, recordEmailReply } from './emailReply';

/** Building blocks for replies on provider channels (WhatsApp, Telegram), used inside a command's transaction. */

export interface TemplateChoice {
  templateId: string;
  values: string[];
}

export interface ProviderReply {
  channelId: string;
  recipient: string;
  /** What the thread shows (a template's rendered text). */
  body: string;
  outbound: OutboundMessage;
}

/** Why a provider channel cannot send now (deleted, disabled), in the agent's words; null when it can. */
export function channelBlockedReason(channel: ProviderChannelRow): string | null {
  const label = isProviderKind(channel.kind) ? PROVIDER_LABELS[channel.kind] : channel.kind;
  if (channel.deleted_at !== null) return `This ${label} channel was deleted, so this contact cannot be reached through it.`;
  if (channel.enabled !== 1) return `This ${label} channel is disabled. An owner or manager can enable it in Settings → Channels.`;
  return null;
}

/** The conversation's provider channel if it can send now; null for website chat; throws why not. */
export function sendableChannel(db: Db, spaceId: string, channelId: string): (ProviderChannelRow & { kind: ProviderKind }) | null {
  const channel = providerChannels.anyInSpace(db, spaceId, channelId);
  if (!channel || !isProviderKind(channel.kind)) return null;
  const blocked = channelBlockedReason(channel);
  if (blocked) throw errors.badRequest(blocked);
  return channel as ProviderChannelRow & { kind: ProviderKind };
}

/** Free-form text and files: refused outside WhatsApp's 24-hour window. */
export function checkWindow(db: Db, channel: ProviderChannelRow, contactId: string, now: number): void {
  const window = windowState(channel.kind, providerChannels.lastInboundAt(db, channel.id, contactId), now);
  if (!window.freeFormAllowed) throw errors.badRequest(window.reason!);
}

/** One file with a short text goes as a captioned file; otherwise the text first, then each file. */
function partsOf(body: string, fileIds: readonly string[]): OutboundPart[] {
  const text = body.trim() ? body : '';
  if (fileIds.length === 1 && text && text.length <= PROVIDER_LIMITS.captionMax) return [{ type: 'file', fileId: fileIds[0]!, caption: text }];
  return [...(text ? [{ type: 'text' as const, body: text }] : []), ...fileIds.map((fileId) => ({ type: 'file' as const, fileId }))];
}

/**
 * Decides how a reply goes out on the conversation's channel; null for website chat (delivered
 * by storing). Throws, before anything is written, what the agent must fix.
 */
export function planProviderReply(
  db: Db,
  input: {
    spaceId: string;
    channelId: string;
    contactId: string;
    now: number;
    body: string;
    fileIds: readonly string[];
    template?: TemplateChoice | undefined;
    /** The conversation replied to and the replying member (e-mail: the mail answered, the sender's name). */
    conversationId?: string | undefined;
    userId?: string | undefined;
    /** An e-mail reply's Cc as the agent edited it; undefined: reply to all. */
    cc?: readonly string[] | undefined;
  },
): ProviderReply | null {
  const channel = sendableChannel(db, input.spaceId, input.channelId);
  if (input.cc !== undefined && channel?.kind !== 'email') throw errors.badRequest('Cc is for e-mail conversations only: this conversation is not by e-mail.');
  if (!channel) {
    if (input.template) throw errors.badRequest('Templates are for WhatsApp channels.');
    return null;
  }
  const recipient = providerChannels.identityOf(db, channel.id, input.contactId);
  if (!recipient) throw errors.notFound(`This contact's ${PROVIDER_LABELS[channel.kind]} address`);
  if (input.template) {
    if (channel.kind !== 'whatsapp') throw errors.badRequest('Templates are for WhatsApp channels.');
    const template = channelTemplates.inSpace(db, input.spaceId, input.template.templateId);
    if (!template || template.channel_id !== channel.id) throw errors.notFound('This template');
    const problem = checkTemplateValues(template.body, input.template.values);
    if (problem) throw errors.badRequest(problem);
    const part: OutboundPart = { type: 'template', name: template.name, language: template.language, values: input.template.values };
    return { channelId: channel.id, recipient, body: renderTemplate(template.body, input.template.values), outbound: { parts: [part] } };
  }
  if (channel.kind === 'email') {
    return { channelId: channel.id, recipient, body: input.body, outbound: { parts: [planEmailPart(db, channel, { ...input, recipient })] } };
  }
  checkWindow(db, channel, input.contactId, input.now);
  if (input.body.length > PROVIDER_LIMITS.textMax) {
    throw errors.badRequest(`${PROVIDER_LABELS[channel.kind]} messages are at most ${PROVIDER_LIMITS.textMax} characters. Split it into shorter messages.`);
  }
  return { channelId: channel.id, recipient, body: input.body, outbound: { parts: partsOf(input.body, input.fileIds) } };
}

/** The outbox row that makes the send durable: written in the same transaction as the message. */
export function enqueueSend(db: Db, spaceId: string, messageId: string, reply: ProviderReply, now: number): void {
  outbox.insert(db, { message_id: messageId, space_id: spaceId, channel_id: reply.channelId, recipient: reply.recipient, payload: JSON.stringify(reply.outbound), created_at: now });
  const part = reply.outbound.parts[0];
  if (part?.type === 'email') recordEmailReply(db, spaceId, messageId, reply.channelId, reply.recipient, part, now);
}
