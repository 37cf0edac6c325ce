/**
 * The customer's side of e-mail, for the demo's customer simulator (not production code): an
 * SMTP server on loopback that an e-mail channel's SMTP settings point at, so Kaon's real e-mail
 * adapter (nodemailer) delivers the agents' replies here; and a mail client that writes to a
 * forwarding address through Kaon's own SMTP receiver, answering the last reply it got so the
 * customer's mail threads as a real one would.
 */
import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The SMTP envelope's recipients (To and Cc), lower-cased. */
  to: string[];
  from: string;
  messageId: string;
  subject: string;
  text: string;
  files: string[];
  inReplyTo: string | null;
}

export interface EmailCustomer {
  host: string;
  port: number;
  /** Called with every mail Kaon delivers. */
  onMail(fn: (mail: ReceivedMail) => void): void;
  /** Sends a customer's mail to Kaon's SMTP receiver; resolves with its Message-ID, or rejects with the server's words. */
  send(mail: { smtpPort: number; from: string; name: string; to: string; subject: string; text: string; inReplyTo?: string | null; references?: string[]; file?: { name: string; mime: string; bytes: Buffer } | null }): Promise<string>;
  close(): Promise<void>;
}

/** Mails over this size are refused (a demo does not need more). */
const MAX_BYTES = 10 * 1024 * 1024;

export async function startEmailCustomer(): Promise<EmailCustomer> {
  const listeners = new Set<(mail: ReceivedMail) => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: MAX_BYTES,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error('5.3.4 Too large for the simulator'), { responseCode: 552 }));
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            const mail: ReceivedMail = {
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '',
              messageId: parsed.messageId ?? '',
              subject: parsed.subject ?? '',
              text: (parsed.text ?? '').trim(),
              files: parsed.attachments.map((a) => a.filename ?? 'attachment'),
              inReplyTo: parsed.inReplyTo ?? null,
            };
            listeners.forEach((fn) => fn(mail));
            callback();
          },
          (err: unknown) => callback(Object.assign(new Error(`5.6.0 Unreadable mail: ${String(err)}`), { responseCode: 554 })),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', (err) => console.error('[simulator] e-mail:', err));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    host: '127.0.0.1',
    port,
    onMail: (fn) => void listeners.add(fn),
    async send(m) {
      const transport = createTransport({ host: '127.0.0.1', port: m.smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000 });
      const messageId = `<${randomBytes(12).toString('hex')}@customer.simulator>`;
      try {
        await transport.sendMail({
          from: { name: m.name, address: m.from },
          to: m.to,
          subject: m.subject,
          text: m.text,
          messageId,
          ...(m.inReplyTo ? { inReplyTo: m.inReplyTo, references: m.references ?? [m.inReplyTo] } : {}),
          attachments: m.file ? [{ filename: m.file.name, content: m.file.bytes, contentType: m.file.mime }] : [],
        });
        return messageId;
      } finally {
        transport.close();
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
