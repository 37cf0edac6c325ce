/**
 * An e-mail channel's settings (channels.config) and secrets (channels.secrets, never sent to a
 * client), and the clients built from them: imapflow for the mailbox, nodemailer for sending.
 */
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { z } from 'zod';

export const security = z.enum(['tls', 'starttls', 'none']);
export type Security = z.infer<typeof security>;

const server = z.object({ host: z.string(), port: z.number().int(), security, user: z.string() });

export const emailConfig = z.object({
  /** 'mailbox': Kaon reads an IMAP folder. 'forwarding': mail arrives at Kaon's own SMTP receiver. */
  mode: z.enum(['mailbox', 'forwarding']),
  /** The support address replies come from (and the customer writes to). */
  address: z.string(),
  imap: server.extend({ folder: z.string() }).nullable().default(null),
  smtp: server,
  /** The local part of the forwarding address, `<key>@INBOUND_EMAIL_DOMAIN`. */
  key: z.string(),
  /** Replies carry Reply-To: local+<token>@domain (the address must accept plus-addressing). */
  replyToken: z.boolean().default(false),
  /** Added below every reply's text, after "-- " (the thread shows the reply without it). */
  signature: z.string().default(''),
});
export const emailSecrets = z.object({ imapPassword: z.string().default(''), smtpPassword: z.string().default('') });
export type EmailConfig = z.infer<typeof emailConfig>;
export type EmailSecrets = z.infer<typeof emailSecrets>;

export function readEmailChannel(channel: { config: string; secrets: string }): { config: EmailConfig; secrets: EmailSecrets } | null {
  const config = emailConfig.safeParse(JSON.parse(channel.config));
  if (!config.success) return null;
  return { config: config.data, secrets: emailSecrets.safeParse(JSON.parse(channel.secrets)).data ?? { imapPassword: '', smtpPassword: '' } };
}

export function imapClient(config: EmailConfig, secrets: EmailSecrets, timeoutMs: number): ImapFlow {
  const imap = config.imap!;
  return new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.security === 'tls',
    doSTARTTLS: imap.security === 'starttls' ? true : imap.security === 'none' ? false : undefined,
    auth: { user: imap.user, pass: secrets.imapPassword },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: 10 * 60_000,
    // IDLE is renewed every 5 minutes, so a connection that died silently is noticed.
    maxIdleTime: 5 * 60_000,
    // Kaon IDLEs itself, on the watched folder.
    disableAutoIdle: true,
    emitLogs: false,
  });
}

export function smtpTransport(config: EmailConfig, secrets: EmailSecrets, timeoutMs: number) {
  const smtp = config.smtp;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.user ? { auth: { user: smtp.user, pass: secrets.smtpPassword } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
    dnsTimeout: timeoutMs,
  });
}
