/**
 * One raw RFC 5322 mail → what Kaon stores: addresses, subject, threading headers, the new text
 * with the quoted history separated, sanitized HTML, attachments within limits, and whether it
 * is a bounce, an auto-reply or bulk mail (those never open a conversation nor run workflows).
 * mailparser decodes any charset and transfer encoding; nothing here trusts the mail.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';
import { sanitizeEmailHtml } from './sanitize';

export type MailKind = 'mail' | 'auto' | 'bulk' | 'bounce';

export interface MailAttachment {
  name: string;
  mime: string;
  bytes: Buffer;
  /** Content-ID of an inline image (without <>), which the HTML refers to as cid:… */
  cid: string | null;
}

export interface AuthVerdicts {
  spf: string | null;
  dkim: string | null;
  dmarc: string | null;
}

export interface ParsedMail {
  /** With angle brackets. A mail without one gets `<sha256.missing@kaon.invalid>` of its bytes, so a re-delivery is still the same mail. */
  messageId: string;
  messageIdMissing: boolean;
  from: { address: string; name: string } | null;
  to: string[];
  cc: string[];
  /** Every recipient address the mail names (To, Cc, Delivered-To, X-Original-To), lowercase: for the reply token. */
  recipients: string[];
  subject: string;
  inReplyTo: string | null;
  /** References, oldest first, then In-Reply-To if not already last. */
  references: string[];
  date: number | undefined;
  /** The new part, as text. */
  text: string;
  /** The quoted history and signature below it, as text ('' when none). */
  quoted: string;
  /** Sanitized HTML (remote images held back), or null for a text-only mail. */
  html: string | null;
  attachments: MailAttachment[];
  /** Attachments left out (too large, too many), in words for the thread. */
  dropped: string[];
  kind: MailKind;
  /** Set for a delivery status notification that reports a failure. */
  bounce: { originalMessageId: string | null; reason: string } | null;
  authResults: AuthVerdicts | null;
}

export interface ParseLimits {
  /** Largest attachment kept. */
  maxAttachmentBytes: number;
  /** Most attachments kept per mail. */
  maxAttachments: number;
  /** Longest text kept (the rest is cut with a note). */
  maxTextChars: number;
}

const MSGID = /<[^<>\s]{1,900}>/g;

function headerText(value: HeaderValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'value' in value) {
    const v = (value as { value: unknown }).value;
    return typeof v === 'string' ? v : Array.isArray(v) ? v.map((a: { address?: string }) => a.address ?? '').join(', ') : '';
  }
  return String(value);
}

function ids(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return [...text.matchAll(MSGID)].map((m) => m[0]);
}

function addresses(obj: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string }> {
  const list = Array.isArray(obj) ? obj : obj ? [obj] : [];
  const out: Array<{ address: string; name: string }> = [];
  const walk = (values: AddressObject['value']) => {
    for (const v of values) {
      if (v.group) walk(v.group);
      else if (v.address && /^[^\s@]{1,200}@[^\s@]{1,200}$/.test(v.address)) out.push({ address: v.address.toLowerCase(), name: (v.name ?? '').slice(0, 200) });
    }
  };
  for (const o of list) walk(o.value);
  return out;
}

/** Auto-Submitted, X-Autoreply, X-Autorespond, Precedence, List-Id (RFC 3834 and common practice). */
function kindOf(headers: Map<string, HeaderValue>, raw: Set<string>, contentType: string, reportType: string): MailKind {
  if (contentType === 'multipart/report' && reportType === 'delivery-status') return 'bounce';
  if (raw.has('x-failed-recipients')) return 'bounce';
  const auto = headerText(headers.get('auto-submitted')).trim().toLowerCase();
  if (auto && auto !== 'no') return 'auto';
  if (raw.has('x-autoreply') || raw.has('x-autorespond') || raw.has('x-autoresponse')) return 'auto';
  const precedence = headerText(headers.get('precedence')).trim().toLowerCase();
  if (precedence === 'auto_reply') return 'auto';
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list') return 'bulk';
  // mailparser folds List-* headers into one 'list' value: the raw header names tell.
  if (raw.has('list-id')) return 'bulk';
  return 'mail';
}

function bounceOf(text: string, attachments: Array<{ contentType: string; content: Buffer }>): { originalMessageId: string | null; reason: string } {
  const diag = /^Diagnostic-Code:\s*(?:[a-z-]+;\s*)?(.+(?:\r?\n[ \t].+)*)/im.exec(text)?.[1];
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1];
  const recipient = /^Final-Recipient:\s*(?:[a-z0-9-]+;\s*)?(\S+)/im.exec(text)?.[1];
  let original: string | null = null;
  for (const a of attachments) {
    if (a.contentType === 'message/rfc822' || a.contentType === 'text/rfc822-headers' || a.contentType === 'message/rfc822-headers') {
      const head = a.content.subarray(0, 64 * 1024).toString('utf8');
      original = /^Message-ID:\s*(<[^<>\s]+>)/im.exec(head)?.[1] ?? null;
      if (original) break;
    }
  }
  original ??= /^Message-ID:\s*(<[^<>\s]+>)/im.exec(text)?.[1] ?? null;
  const why = diag ? diag.replace(/\s+/g, ' ').trim() : status ? `delivery status ${status}` : 'the receiving mail server returned it';
  return { originalMessageId: original, reason: `${recipient ? `${recipient}: ` : ''}${why}`.slice(0, 500) };
}

/** SPF / DKIM / DMARC results of the topmost Authentication-Results header (the receiving server's own). */
function authOf(headers: Map<string, HeaderValue>): AuthVerdicts | null {
  const raw = headers.get('authentication-results');
  const first = Array.isArray(raw) ? raw[0] : raw;
  const text = headerText(first as HeaderValue | undefined);
  if (!text) return null;
  const verdict = (method: string) => new RegExp(`\\b${method}\\s*=\\s*([a-z]+)`, 'i').exec(text)?.[1]?.toLowerCase() ?? null;
  const out = { spf: verdict('spf'), dkim: verdict('dkim'), dmarc: verdict('dmarc') };
  return out.spf || out.dkim || out.dmarc ? out : null;
}

/** Lines that start the quoted history in the common mail clients. */
const QUOTE_HEADERS = [
  /^On .{1,300}wrote:\s*$/,
  /^On .{1,300}$/, // "On Mon, … <ada@example.com>" with "wrote:" on the next line (checked below)
  /^Le .{1,300}a écrit\s?:\s*$/,
  /^Am .{1,300}schrieb .{0,200}:\s*$/,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^From: .{1,300}$/, // Outlook: "From: …" followed by Sent:/Date:
];

/** The new text and the history below it (quoted lines, "On … wrote:", the signature). */
export function splitQuoted(text: string): { text: string; quoted: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1] ?? '';
    const trimmed = line.trim();
    let starts = false;
    if (trimmed === '-- ' || line === '-- ') starts = true;
    else if (QUOTE_HEADERS[0]!.test(trimmed) || QUOTE_HEADERS[2]!.test(trimmed) || QUOTE_HEADERS[3]!.test(trimmed) || QUOTE_HEADERS[4]!.test(trimmed) || QUOTE_HEADERS[5]!.test(trimmed)) starts = true;
    else if (QUOTE_HEADERS[1]!.test(trimmed) && /wrote:\s*$/.test(next.trim())) starts = true;
    else if (QUOTE_HEADERS[6]!.test(trimmed) && /^From: /.test(next.trim())) starts = true;
    else if (QUOTE_HEADERS[7]!.test(trimmed) && /^(Sent|Date|Gesendet|Envoyé): /i.test(next.trim())) starts = true;
    else if (trimmed.startsWith('>') && lines.slice(i).every((l) => l.trim() === '' || l.trim().startsWith('>'))) starts = true;
    if (starts && i > 0 && lines.slice(0, i).some((l) => l.trim())) {
      return { text: lines.slice(0, i).join('\n').trimEnd(), quoted: lines.slice(i).join('\n').trim() };
    }
  }
  return { text: text.replace(/\r\n?/g, '\n').trim(), quoted: '' };
}

const cleanName = (name: string) => name.replace(/[/\\\r\n"\0]/g, '_').slice(0, 200) || 'attachment';
const MIME = /^[a-z]+\/[a-z0-9.+-]+$/;

/** Parses a raw mail; never throws on malformed input (mailparser is lenient; the rest checks types). */
export async function parseEmail(raw: Buffer, limits: ParseLimits): Promise<ParsedMail> {
  const parsed = await simpleParser(raw, { keepCidLinks: true, skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  const headers = parsed.headers as Map<string, HeaderValue>;
  const ct = headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const contentType = (ct?.value ?? 'text/plain').toLowerCase();
  const rawNames = new Set(parsed.headerLines.map((h) => h.key.toLowerCase()));
  const kind = kindOf(headers, rawNames, contentType, (ct?.params?.['report-type'] ?? '').toLowerCase());

  const given = ids(parsed.messageId)[0];
  const messageId = given ?? `<${createHash('sha256').update(raw).digest('hex')}.missing@kaon.invalid>`;
  const from = addresses(parsed.from)[0] ?? null;
  const to = addresses(parsed.to).map((a) => a.address);
  const cc = addresses(parsed.cc).map((a) => a.address);
  const extra = ['delivered-to', 'x-original-to', 'envelope-to']
    .flatMap((h) => headerText(headers.get(h)).split(/[,\s]+/))
    .map((a) => a.replace(/^<|>$/g, '').toLowerCase())
    .filter((a) => a.includes('@'));
  const inReplyTo = ids(parsed.inReplyTo)[0] ?? null;
  const references = ids(parsed.references).slice(-50);
  if (inReplyTo && references.at(-1) !== inReplyTo) references.push(inReplyTo);

  // Text: the text part, else the HTML's text. Cut at the limit, with a note.
  let fullText = parsed.text ?? '';
  if (!fullText.trim() && typeof parsed.html === 'string') {
    fullText = parsed.html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '').replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '\n\n').replace(/<[^>]+>/g, '').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  }
  const split = splitQuoted(fullText);
  let text = split.text;
  if (text.length > limits.maxTextChars) text = `${text.slice(0, limits.maxTextChars)}\n\n[The mail continues; Kaon keeps the first ${limits.maxTextChars} characters.]`;
  const quoted = split.quoted.slice(0, limits.maxTextChars);

  const attachments: MailAttachment[] = [];
  const dropped: string[] = [];
  for (const a of parsed.attachments) {
    const type = (a.contentType || 'application/octet-stream').toLowerCase();
    // The bounced mail and delivery report inside a DSN are read (bounceOf), not kept as files.
    if (kind === 'bounce' && (type.startsWith('message/') || type === 'text/rfc822-headers')) continue;
    const name = cleanName(a.filename ?? (type.startsWith('image/') ? 'image' : 'attachment'));
    if (a.size > limits.maxAttachmentBytes || a.content.length > limits.maxAttachmentBytes) {
      dropped.push(`${name} (${Math.round(a.content.length / 1024 / 1024)} MB) is larger than ${Math.round(limits.maxAttachmentBytes / 1024 / 1024)} MB, so Kaon did not keep it; it is still in the mailbox.`);
      continue;
    }
    if (a.content.length === 0) continue;
    if (attachments.length >= limits.maxAttachments) {
      dropped.push(`${name}: Kaon keeps at most ${limits.maxAttachments} attachments per mail; the others are still in the mailbox.`);
      continue;
    }
    attachments.push({ name, mime: MIME.test(type) ? type : 'application/octet-stream', bytes: a.content, cid: a.contentId ? a.contentId.replace(/^<|>$/g, '').slice(0, 300) : null });
  }

  const html = typeof parsed.html === 'string' && parsed.html.trim() ? sanitizeEmailHtml(parsed.html) : null;
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.getTime() : undefined;
  return {
    messageId,
    messageIdMissing: !given,
    from,
    to,
    cc,
    recipients: [...new Set([...to, ...cc, ...extra])],
    subject: (parsed.subject ?? '').replace(/[\r\n]+/g, ' ').slice(0, 998),
    inReplyTo,
    references,
    date,
    text,
    quoted,
    html,
    attachments,
    dropped,
    kind,
    bounce: kind === 'bounce' ? bounceOf(parsed.text ?? '', parsed.attachments) : null,
    authResults: authOf(headers),
  };
}
