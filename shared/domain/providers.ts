/**
 * Provider-channel rules shared by the server (to enforce) and the composer (to predict):
 * WhatsApp's 24-hour customer-service window, template variables, provider text limits.
 * Pure: no I/O.
 */
export const PROVIDER_KINDS = ['whatsapp', 'telegram', 'email'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export function isProviderKind(kind: string): kind is ProviderKind {
  return (PROVIDER_KINDS as readonly string[]).includes(kind);
}

/**
 * The Graph API version a new WhatsApp channel calls unless the admin picks another: the one the
 * maintained WhatsApp client libraries default to (whatsapp-api-js v24.0; shared/reference/channel-apis.md §1.1).
 */
export const DEFAULT_GRAPH_API_VERSION = 'v24.0';

export const PROVIDER_LABELS: Record<ProviderKind, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', email: 'E-mail' };

const RANK: Record<string, number> = { pending: 0, sent: 1, delivered: 2, read: 3 };

/**
 * Whether a delivery status from the provider moves a message's ticks. Status webhooks arrive
 * out of order (a read before its delivered), so ticks only move forward; 'failed' replaces only
 * a message not yet delivered.
 */
export function advancesStatus(current: string, incoming: string): boolean {
  const from = RANK[current];
  if (from === undefined) return false;
  if (incoming === 'failed') return from <= RANK.sent!;
  const to = RANK[incoming];
  return to !== undefined && to > from;
}

/** A customer message opens (or refreshes) a 24-hour window; business messages do not. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export const WINDOW_CLOSED_MESSAGE = "Outside WhatsApp's 24-hour window — send a template to reopen the conversation";

export interface WindowState {
  /** May an agent send free-form text (and files) now? */
  freeFormAllowed: boolean;
  /** When the window closes (ms), null when there is no window (never written, or not WhatsApp). */
  closesAt: number | null;
  /** Why free-form is refused, in the words the agent sees; null when allowed. */
  reason: string | null;
}

/** The window of a contact on a channel, from the time of its last inbound message there. */
export function windowState(kind: string, lastInboundAt: number | null, now: number): WindowState {
  if (kind !== 'whatsapp') return { freeFormAllowed: true, closesAt: null, reason: null };
  if (lastInboundAt === null) return { freeFormAllowed: false, closesAt: null, reason: WINDOW_CLOSED_MESSAGE };
  const closesAt = lastInboundAt + WHATSAPP_WINDOW_MS;
  return now < closesAt ? { freeFormAllowed: true, closesAt, reason: null } : { freeFormAllowed: false, closesAt, reason: WINDOW_CLOSED_MESSAGE };
}

/** Text limits of the providers' send APIs (WhatsApp text body and Telegram sendMessage: 4096; captions 1024). */
export const PROVIDER_LIMITS = { textMax: 4096, captionMax: 1024 } as const;

const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/**
 * WhatsApp templates number their variables `{{1}}`, `{{2}}`… in order. Returns how many a body
 * needs, or an error when the numbering has a gap (Meta rejects such templates).
 */
export function templateVariables(body: string): { count: number; error: string | null } {
  const used = new Set([...body.matchAll(PLACEHOLDER)].map((m) => Number(m[1])));
  const count = used.size;
  for (let n = 1; n <= count; n++) {
    if (!used.has(n)) return { count, error: `Variables must be numbered {{1}} to {{${count}}} without gaps` };
  }
  return { count, error: null };
}

/** The text the customer will read: each `{{n}}` replaced by the n-th value. */
export function renderTemplate(body: string, values: readonly string[]): string {
  return body.replace(PLACEHOLDER, (whole, n: string) => values[Number(n) - 1] ?? whole);
}

/** Why these values cannot fill the template, or null. */
export function checkTemplateValues(body: string, values: readonly string[]): string | null {
  const { count } = templateVariables(body);
  if (values.length !== count) return `This template needs ${count} value${count === 1 ? '' : 's'}, got ${values.length}`;
  const empty = values.findIndex((v) => !v.trim());
  if (empty >= 0) return `Fill in {{${empty + 1}}}`;
  return null;
}

/** A provider's delivery status for a message Kaon sent (ticks only move forward: advancesStatus). */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** One provider message of a reply; a reply with files becomes several. */
export type OutboundPart =
  | { type: 'text'; body: string }
  | { type: 'file'; fileId: string; caption?: string | undefined }
  | { type: 'template'; name: string; language: string; values: string[] }
  | EmailPart;

/**
 * A reply on an e-mail channel: one mail with its files, its headers decided when it was queued
 * (so every retry sends the same Message-ID and the customer's client threads it).
 */
export interface EmailPart {
  type: 'email';
  body: string;
  fileIds: string[];
  subject: string;
  /** With angle brackets, generated by Kaon and stored before the first attempt. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  /** The replying agent's name, shown beside the channel's address. */
  fromName: string;
  /** The channel's address with the conversation's reply token (support+token@…), or null. */
  replyTo: string | null;
  cc: string[];
  /** A rating request (customer satisfaction): the adapter adds the five links to Kaon's public page with this token. */
  rating?: { token: string } | undefined;
}

export interface OutboundMessage {
  parts: OutboundPart[];
}
