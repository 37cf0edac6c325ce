/**
 * Kaon's own SMTP receiver (SMTP_PORT; off unless set) for forwarding addresses: a team forwards
 * its support address to `<channel-key>@<INBOUND_EMAIL_DOMAIN>`, or points MX here. Unknown
 * recipients are refused at RCPT TO; a mail over MAX_EMAIL_MB is refused (552) while it
 * arrives; a mail is acknowledged (250) only once it is stored, so the sender retries otherwise.
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { BlobStore } from '../../attachments/BlobStore';
import { providerChannels, type ProviderChannelRow } from '../../db/providerChannels';
import type { Deps } from '../../deps';
import { ingestEmail } from './ingest';
import { readEmailChannel } from './settings';

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

/** The enabled forwarding channel an address names (`key@domain` or `key+token@domain`), if any. */
export function forwardingChannelFor(deps: Deps, address: string): ProviderChannelRow | undefined {
  const domain = deps.config.inboundEmailDomain;
  const m = /^([^@+]{1,64})(?:\+[^@]{0,64})?@([^@]+)$/.exec(address.trim().toLowerCase());
  if (!m || !domain || m[2] !== domain) return undefined;
  // One index probe (channels_email_key), however many channels the server holds.
  return providerChannels.emailByKey(deps.db, m[1]!).find((c) => c.enabled === 1 && readEmailChannel(c)?.config.mode === 'forwarding');
}

export function startSmtpReceiver(deps: Deps, store: BlobStore, options: { port: number; host: string; log: (line: string) => void }): Promise<SmtpReceiver> {
  const server = new SMTPServer({
    name: deps.config.inboundEmailDomain ?? 'kaon',
    banner: 'Kaon',
    authOptional: true,
    disabledCommands: ['AUTH'],
    disableReverseLookup: true,
    size: deps.config.maxEmailBytes,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      if (!forwardingChannelFor(deps, address.address)) return callback(smtpError(550, `5.1.1 <${address.address}>: no such Kaon address`));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, `5.3.4 The mail is larger than ${Math.round(deps.config.maxEmailBytes / 1024 / 1024)} MB`));
        const raw = Buffer.concat(chunks);
        const rcpts = session.envelope.rcptTo.map((r) => r.address);
        const channels = new Map<string, ProviderChannelRow>();
        for (const a of rcpts) {
          const c = forwardingChannelFor(deps, a);
          if (c) channels.set(c.id, c);
        }
        (async () => {
          for (const c of channels.values()) {
            const result = await ingestEmail(deps, store, c, raw, rcpts);
            if (result.outcome === 'ignored') options.log(`[email] ${c.id}: ignored ${result.why}`);
          }
        })().then(
          () => callback(),
          (err) => {
            options.log(`[email] SMTP receiver: ${String(err)}`);
            callback(smtpError(451, '4.3.0 Kaon could not store the mail now; try again later'));
          },
        );
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      server.on('error', (err) => options.log(`[email] SMTP receiver: ${String(err)}`));
      const address = server.server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : options.port, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}
