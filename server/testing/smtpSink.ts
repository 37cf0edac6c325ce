/**
 * A real SMTP server as the receiving end of Kaon's replies (smtp-server on port 0): records
 * every mail with its envelope, and can answer RCPT/DATA with a chosen SMTP error (4xx, 5xx)
 * to exercise retries and permanent failures. Only tests import this file.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSink {
  host: string;
  port: number;
  mails: SunkMail[];
  /** The next `times` DATA commands are answered with this code and text (then mail is accepted again). */
  failNext(code: number, text: string, times?: number): void;
  /** Logins accepted (any password when null). */
  close(): Promise<void>;
}

export async function startSmtpSink(options: { user?: string; password?: string } = {}): Promise<SmtpSink> {
  const mails: SunkMail[] = [];
  let failure: { code: number; text: string; times: number } | null = null;
  const server = new SMTPServer({
    authOptional: !options.user,
    disabledCommands: options.user ? ['STARTTLS'] : ['AUTH', 'STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failure && failure.times > 0) {
          failure.times -= 1;
          const { code, text } = failure;
          if (failure.times === 0) failure = null;
          return callback(Object.assign(new Error(text), { responseCode: code }));
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address() as { port: number };
  return {
    host: '127.0.0.1',
    port: address.port,
    mails,
    failNext(code, text, times = 1) {
      failure = { code, text, times };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
