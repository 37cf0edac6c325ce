/**
 * The customer simulator (development and demo only, on when SIMULATOR=1): the WhatsApp and
 * Telegram fakes run in-process, Kaon's real adapters send to them (WHATSAPP_API_BASE and
 * TELEGRAM_API_BASE point at them), and the page at /simulator lets a person play a customer:
 * their messages reach Kaon as signed webhooks at the real /webhooks/… endpoints, the agents'
 * replies and their ticks show on the page. It can also move Kaon's clock forward (to see the
 * 24-hour window close). Nothing here runs unless SIMULATOR=1: otherwise /simulator answers 404.
 *
 * E-mail: the customer writes to a forwarding-address channel through Kaon's own SMTP receiver
 * (the simulator turns it on, on a free loopback port, with INBOUND_EMAIL_DOMAIN defaulting to
 * kaon.localhost); the channel's SMTP settings point at the simulator's SMTP server, so replies go
 * out through the real e-mail adapter and show on the page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ccAddressProblem } from '../../shared/domain/emailCc';
import { PROVIDER_KINDS } from '../../shared/domain/providers';
import type { Config } from '../config';
import { resolveSession } from '../auth/requestAuth';
import { providerChannels } from '../db/providerChannels';
import { spaces } from '../db/spaces';
import type { Deps } from '../deps';
import { readEmailChannel } from '../channels/email/settings';
import { startEmailCustomer, type EmailCustomer } from '../fakes/emailCustomer';
import { sendJson } from '../fakes/kit';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram';
import { startWhatsAppFake, type WhatsAppFake } from '../fakes/whatsapp';
import { createWhatsAppCustomer, type MediaType, type WhatsAppCustomer } from '../fakes/whatsappCustomer';
import { SIMULATOR_PAGE, SIMULATOR_SCRIPT } from './page';

export type SimulatorHandler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

/** What the simulator needs to know of the running Kaon. */
export interface KaonPorts {
  /** The port Kaon's SMTP receiver listens on, once it runs. */
  smtpPort(): number | null;
}

export interface Simulator {
  /** Kaon's config with the provider API bases pointed at the fakes. */
  config: Config;
  /** Kaon's clock: the wall clock plus however far the simulator moved it. */
  now: () => number;
  /** Serves /simulator and /simulator/api/… once Kaon's deps exist. */
  handler: (deps: Deps, kaon?: KaonPorts) => SimulatorHandler;
  wa: WhatsAppFake;
  tg: TelegramFake;
  mail: EmailCustomer;
  close(): Promise<void>;
}

/** One line of a simulated customer's conversation, as the page shows it. */
interface Line {
  id: string;
  from: 'customer' | 'agent';
  text: string;
  file: string | null;
  status: 'sent' | 'delivered' | 'read' | 'failed' | null;
  at: number;
}

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const SIM_KINDS = [...PROVIDER_KINDS] as string[];
const customerId = z.string().trim().toLowerCase().max(254, 'Enter the customer’s number: 5 to 15 digits, or an e-mail address');
const sendInput = z.object({
  channelId: z.string().min(1).max(64),
  /** A phone number (WhatsApp, digits), a Telegram user id (digits) or an e-mail address; checked by the channel's kind. */
  from: customerId,
  name: z.string().trim().max(80).default(''),
  text: z.string().max(4096).default(''),
  file: z.object({ name: z.string().min(1).max(200), mime: z.string().min(1).max(200), base64: z.string().max(Math.ceil(MAX_FILE_BYTES / 3) * 4 + 4) }).nullish(),
});
const threadInput = z.object({ channelId: z.string().min(1).max(64), from: customerId });

/** Why `from` cannot be a customer of this kind of channel, in words; null when it can. */
function customerProblem(kind: string, from: string): string | null {
  if (kind === 'email') return ccAddressProblem(from) && 'Enter the customer’s e-mail address (like ada@customer.test)';
  return /^\d{5,15}$/.test(from) ? null : 'Enter the customer’s number: 5 to 15 digits';
}
const clockInput = z.object({ advanceMs: z.number().int().min(0).max(366 * 86_400_000) });

function mediaType(mime: string): MediaType {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  return 'document';
}

/** The variable values of a template send (components[].parameters[].text). */
function templateValues(template: Record<string, unknown>): string[] {
  const components = Array.isArray(template.components) ? (template.components as Array<{ parameters?: Array<{ text?: unknown }> }>) : [];
  return components.flatMap((c) => (c.parameters ?? []).map((p) => String(p.text ?? '')));
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error('That file is too large for the simulator (5 MB at most).'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw Object.assign(new Error('Malformed JSON'), { status: 400 });
  }
}

export async function startSimulator(config: Config, wall: () => number = Date.now): Promise<Simulator> {
  const [wa, tg, mail] = await Promise.all([startWhatsAppFake(), startTelegramFake(), startEmailCustomer()]);
  let offset = 0;
  const now = () => wall() + offset;
  /** Conversations by `<channelId>|<customer>`; which channel each customer last wrote on. */
  const threads = new Map<string, Line[]>();
  const lastChannel = new Map<string, string>();
  const wamids = new Map<string, { key: string; to: string }>();
  const customers = new Map<string, WhatsAppCustomer>();
  const lines = (key: string) => threads.get(key) ?? threads.set(key, []).get(key)!;

  /** The last reply each e-mail customer got, which their next mail answers. */
  const lastReply = new Map<string, { messageId: string; subject: string; references: string[] }>();

  const handler = (deps: Deps, kaon?: KaonPorts): SimulatorHandler => {
    /**
     * The spaces the caller owns. The simulator signs webhooks into channels and moves Kaon's
     * clock, so its API needs a signed-in owner (the session cookie of this browser); it then
     * sees and drives only the channels of spaces that person owns.
     */
    const ownedSpaces = (req: IncomingMessage): Set<string> => {
      const auth = resolveSession(deps.db, req.headers.cookie, deps.now());
      if (auth.kind !== 'session') throw Object.assign(new Error('Sign in to Kaon as an owner of a space in this browser, then reload the simulator.'), { status: 401 });
      const owned = new Set(spaces.forUser(deps.db, auth.user.id).filter((s) => s.role === 'owner').map((s) => s.id));
      if (owned.size === 0) throw Object.assign(new Error('Only an owner of a space can use the simulator.'), { status: 403 });
      return owned;
    };
    const channelOf = (id: string) => {
      const c = providerChannels.byId(deps.db, id);
      if (!c || !SIM_KINDS.includes(c.kind)) throw Object.assign(new Error('No such WhatsApp, Telegram or e-mail channel'), { status: 404 });
      return c;
    };
    /** A channel of a space the caller owns; any other is as unknown as a missing one. */
    const ownedChannel = (id: string, owned: Set<string>) => {
      const c = channelOf(id);
      if (!owned.has(c.space_id)) throw Object.assign(new Error('No such WhatsApp, Telegram or e-mail channel'), { status: 404 });
      return c;
    };
    /** A customer signing with this channel's own app secret, posting to its webhook. */
    const waCustomer = (channelId: string, base: string) => {
      const c = channelOf(channelId);
      const secrets = JSON.parse(c.secrets) as { appSecret?: string };
      const key = `${channelId}|${secrets.appSecret ?? ''}`;
      let customer = customers.get(key);
      if (!customer) {
        customer = createWhatsAppCustomer({ appSecret: secrets.appSecret ?? '', phoneNumberId: wa.phoneNumberId, displayPhoneNumber: '15550783881', addMedia: wa.addMedia, now });
        customers.set(key, customer);
      }
      customer.setWebhookUrl(`${base}/webhooks/whatsapp/${channelId}`);
      return customer;
    };
    let base = '';

    // Agent replies land in the fakes; WhatsApp answers them with 'sent' then 'delivered' statuses.
    wa.onSend((m) => {
      const channelId = lastChannel.get(`wa|${m.to}`);
      if (!channelId) return;
      const key = `${channelId}|${m.to}`;
      const b = m.body;
      const part = (b[m.type] ?? {}) as Record<string, unknown>;
      const text =
        m.type === 'text'
          ? String((part as { body?: unknown }).body ?? '')
          : m.type === 'template'
            ? `Template ${String(part.name ?? '')}: ${templateValues(part).join(' · ')}`
            : String(part.caption ?? '');
      lines(key).push({ id: m.wamid, from: 'agent', text, file: m.type === 'text' || m.type === 'template' ? null : `${m.type}${part.filename ? ` ${String(part.filename)}` : ''}`, status: null, at: now() });
      wamids.set(m.wamid, { key, to: m.to });
      setTimeout(() => {
        void (async () => {
          await setStatus(channelId, m.wamid, 'sent');
          await setStatus(channelId, m.wamid, 'delivered');
        })().catch((err) => console.error('[simulator] status webhook:', err));
      }, 50);
    });
    tg.onSend((m) => {
      const channelId = lastChannel.get(`tg|${m.chatId}`);
      if (!channelId) return;
      lines(`${channelId}|${m.chatId}`).push({ id: `tg-${m.messageId}`, from: 'agent', text: m.text ?? m.caption ?? '', file: m.file ? m.file.name : null, status: 'sent', at: now() });
    });

    // Kaon's e-mail adapter delivered a reply over SMTP: it shows on the page of each recipient who wrote.
    mail.onMail((m) => {
      for (const to of m.to) {
        const channelId = lastChannel.get(`mail|${to}`);
        if (!channelId) continue;
        const key = `${channelId}|${to}`;
        lines(key).push({ id: m.messageId || `mail-${now()}`, from: 'agent', text: m.text, file: m.files.length ? m.files.join(', ') : null, status: null, at: now() });
        const before = lastReply.get(key);
        if (m.messageId) lastReply.set(key, { messageId: m.messageId, subject: m.subject, references: [...(before?.references ?? []), m.messageId].slice(-10) });
      }
    });

    /** A customer mail to a forwarding channel, through Kaon's own SMTP receiver. */
    async function sendMail(c: { id: string; config: string; secrets: string }, from: string, name: string, text: string, file: { name: string; mime: string; bytes: Buffer } | null) {
      const settings = readEmailChannel(c)?.config;
      const port = kaon?.smtpPort() ?? null;
      const domain = deps.config.inboundEmailDomain;
      if (!settings || settings.mode !== 'forwarding') throw Object.assign(new Error('This e-mail channel reads a mailbox: the simulator writes to e-mail channels of the forwarding-address kind only.'), { status: 409 });
      if (port === null || !domain) throw Object.assign(new Error('Kaon’s SMTP receiver is not running: start Kaon with SIMULATOR=1 (and SMTP_PORT, INBOUND_EMAIL_DOMAIN if you set them).'), { status: 409 });
      const key = `${c.id}|${from}`;
      const answered = lastReply.get(key);
      const subject = answered ? answered.subject : text.trim().split('\n')[0]!.slice(0, 60) || `A file from ${name}`;
      try {
        const messageId = await mail.send({ smtpPort: port, from, name, to: `${settings.key}@${domain}`, subject, text, inReplyTo: answered?.messageId ?? null, references: answered?.references ?? [], file });
        return { status: 200, text: 'OK', id: messageId };
      } catch (err) {
        return { status: 502, text: String((err as Error).message ?? err), id: '' };
      }
    }

    async function setStatus(channelId: string, wamid: string, status: 'sent' | 'delivered' | 'read') {
      const where = wamids.get(wamid);
      if (!where || !base) return;
      const res = await waCustomer(channelId, base).sendStatus(wamid, status, { recipient: where.to });
      const line = threads.get(where.key)?.find((l) => l.id === wamid);
      if (line && res.status === 200) line.status = status;
    }

    async function api(req: IncomingMessage, res: ServerResponse, path: string) {
      const url = new URL(req.url ?? '/', 'http://x');
      const owned = ownedSpaces(req);
      if (path === '/simulator/api/channels' && req.method === 'GET') {
        const list = providerChannels
          .listAllSpaces(deps.db, SIM_KINDS)
          .filter((c) => owned.has(c.space_id))
          .map((c) => ({ id: c.id, kind: c.kind, name: c.name, spaceName: c.space_name, enabled: c.enabled === 1, ...(c.kind === 'email' ? { mode: readEmailChannel(c)?.config.mode ?? null } : {}) }));
        return sendJson(res, 200, {
          channels: list,
          whatsapp: { phoneNumberId: wa.phoneNumberId, accessToken: wa.accessToken },
          email: { smtpHost: mail.host, smtpPort: mail.port },
          telegram: { botToken: tg.token, webhookChannelId: /\/webhooks\/telegram\/([\w-]+)/.exec(tg.webhook?.url ?? '')?.[1] ?? null },
          now: now(),
        });
      }
      if (path === '/simulator/api/thread' && req.method === 'GET') {
        const q = threadInput.safeParse({ channelId: url.searchParams.get('channelId'), from: url.searchParams.get('from') });
        if (!q.success) return sendJson(res, 400, { error: 'Pick a channel and a customer number' });
        const problem = customerProblem(ownedChannel(q.data.channelId, owned).kind, q.data.from);
        if (problem) return sendJson(res, 400, { error: problem });
        return sendJson(res, 200, { lines: threads.get(`${q.data.channelId}|${q.data.from}`) ?? [] });
      }
      if (path === '/simulator/api/send' && req.method === 'POST') {
        const input = sendInput.safeParse(await readJson(req, MAX_FILE_BYTES * 1.4 + 10_000));
        if (!input.success) return sendJson(res, 400, { error: input.error.issues[0]?.message ?? 'Invalid input' });
        const { channelId, from, text, file } = input.data;
        if (!text.trim() && !file) return sendJson(res, 400, { error: 'Write a message or attach a file' });
        const c = ownedChannel(channelId, owned);
        const problem = customerProblem(c.kind, from);
        if (problem) return sendJson(res, 400, { error: problem });
        const name = input.data.name || (c.kind === 'email' ? from.split('@')[0]! : `Customer ${from.slice(-4)}`);
        const bytes = file ? Buffer.from(file.base64, 'base64') : null;
        let result: { status: number; text: string; id: string };
        if (c.kind === 'whatsapp') {
          lastChannel.set(`wa|${from}`, channelId);
          const customer = waCustomer(channelId, base);
          result =
            file && bytes
              ? await customer.sendMedia(from, mediaType(file.mime), { bytes, mime: file.mime, filename: file.name }, { name, ...(text.trim() ? { caption: text } : {}) })
              : await customer.sendText(from, text, { name });
        } else if (c.kind === 'email') {
          lastChannel.set(`mail|${from}`, channelId);
          result = await sendMail(c, from, name, text, file && bytes ? { name: file.name, mime: file.mime, bytes } : null);
          if (result.status !== 200) return sendJson(res, 502, { error: `Kaon’s SMTP receiver refused the mail: ${result.text.slice(0, 200)}` });
        } else {
          if (!tg.webhook?.url.endsWith(`/webhooks/telegram/${channelId}`)) {
            return sendJson(res, 409, { error: 'This Telegram bot is not connected: press “Check connection” on it in Settings → Channels first.' });
          }
          lastChannel.set(`tg|${from}`, channelId);
          const user = { id: Number(from), firstName: name };
          const r =
            file && bytes
              ? file.mime.startsWith('image/')
                ? await tg.customer.sendPhoto(user, bytes, text.trim() || undefined)
                : await tg.customer.sendDocument(user, bytes, { fileName: file.name, mimeType: file.mime, ...(text.trim() ? { caption: text } : {}) })
              : await tg.customer.sendText(user, text);
          result = { status: r.status, text: r.text, id: `tg-in-${r.updateId}` };
        }
        if (result.status !== 200) return sendJson(res, 502, { error: `Kaon answered the webhook with ${result.status}: ${result.text.slice(0, 200)}` });
        lines(`${channelId}|${from}`).push({ id: result.id, from: 'customer', text, file: file?.name ?? null, status: null, at: now() });
        return sendJson(res, 200, { ok: true, id: result.id });
      }
      if (path === '/simulator/api/read' && req.method === 'POST') {
        const input = threadInput.safeParse(await readJson(req, 10_000));
        if (!input.success) return sendJson(res, 400, { error: 'Pick a channel and a customer number' });
        if (ownedChannel(input.data.channelId, owned).kind !== 'whatsapp') return sendJson(res, 200, { read: 0 });
        const unread = (threads.get(`${input.data.channelId}|${input.data.from}`) ?? []).filter((l) => l.from === 'agent' && wamids.has(l.id) && l.status !== 'read');
        for (const l of unread) await setStatus(input.data.channelId, l.id, 'read');
        return sendJson(res, 200, { read: unread.length });
      }
      if (path === '/simulator/api/fail' && req.method === 'POST') {
        // The next agent reply on WhatsApp is refused for good, as Meta does for an unreachable number.
        wa.failNext({ kind: 'status', status: 400, code: 131026, message: 'Message undeliverable: the customer’s phone cannot receive this message' });
        return sendJson(res, 200, { ok: true });
      }
      if (path === '/simulator/api/clock' && req.method === 'POST') {
        const input = clockInput.safeParse(await readJson(req, 10_000));
        if (!input.success) return sendJson(res, 400, { error: 'advanceMs: a whole number of milliseconds, up to a year' });
        offset += input.data.advanceMs;
        return sendJson(res, 200, { now: now(), offsetMs: offset });
      }
      return sendJson(res, 404, { error: 'Not found' });
    }

    return (req, res, path) => {
      base = `http://127.0.0.1:${req.socket.localPort}`;
      if (path === '/simulator' || path === '/simulator/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'", 'x-content-type-options': 'nosniff' }).end(SIMULATOR_PAGE);
        return;
      }
      if (path === '/simulator/app.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(SIMULATOR_SCRIPT);
        return;
      }
      api(req, res, path).catch((err: Error & { status?: number }) => {
        if (!res.headersSent) sendJson(res, err.status ?? 500, { error: err.message });
        if (!err.status) console.error('[simulator]', err);
      });
    };
  };

  return {
    config: {
      ...config,
      whatsappApiBase: wa.url,
      telegramApiBase: tg.url,
      // Forwarding-address e-mail channels need Kaon's SMTP receiver: on loopback, on a free port, unless set.
      ...(config.smtpPort === null ? { smtpPort: 0, smtpHost: '127.0.0.1' } : {}),
      inboundEmailDomain: config.inboundEmailDomain ?? 'kaon.localhost',
    },
    now,
    handler,
    wa,
    tg,
    mail,
    close: async () => {
      await Promise.all([wa.close(), tg.close(), mail.close()]);
    },
  };
}
