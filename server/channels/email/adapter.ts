/**
 * The e-mail channel adapter: replies go out over SMTP with nodemailer (one mail per reply, its
 * Message-ID decided when it was queued); receiving is not a webhook but an IMAP watcher
 * (imapWatcher.ts) or Kaon's own SMTP receiver (smtpReceiver.ts), so verify/parse refuse.
 */
import type { ProviderChannelRow } from '../../db/providerChannels';
import { MediaFailure, SendFailure, type ChannelAdapter, type ProviderEnv } from '../adapterTypes';
import { imapClient, readEmailChannel, smtpTransport } from './settings';
import { ratingMailLinks } from '../../../shared/domain/satisfaction';
import { imapWords, smtpFailure } from './words';

const LABEL = 'E-mail';

export const emailAdapter: ChannelAdapter = {
  kind: 'email',
  label: LABEL,
  open(channel: ProviderChannelRow, env: ProviderEnv) {
    const settings = readEmailChannel(channel);
    const timeoutMs = env.providerTimeoutMs;
    return {
      verify: () => false,
      parse: () => null,
      async sendPart(to, part, loadFile, signal) {
        if (part.type !== 'email') throw new SendFailure(false, 'This e-mail channel sends whole mails only');
        if (!settings) throw new SendFailure(false, 'This e-mail channel has no valid settings: edit it in Settings → Channels.');
        const { config, secrets } = settings;
        let text = part.body;
        if (part.rating) {
          if (!env.publicUrl) throw new SendFailure(false, 'The rating mail needs Kaon’s public address for its links: set PUBLIC_URL and restart Kaon, then Retry.');
          text = `${part.body}\n\n${ratingMailLinks(`${env.publicUrl}/rate/${part.rating.token}`)}`;
        }
        const attachments = [];
        for (const fileId of part.fileIds) {
          const file = await loadFile(fileId);
          attachments.push({ filename: file.name, content: file.bytes, contentType: file.mime });
        }
        const transport = smtpTransport(config, secrets, timeoutMs);
        const abort = () => transport.close();
        signal.addEventListener('abort', abort, { once: true });
        try {
          const info = await transport.sendMail({
            from: { name: part.fromName, address: config.address },
            to,
            ...(part.cc.length ? { cc: part.cc } : {}),
            ...(part.replyTo ? { replyTo: part.replyTo } : {}),
            subject: part.subject,
            text,
            messageId: part.messageId,
            ...(part.inReplyTo ? { inReplyTo: part.inReplyTo } : {}),
            ...(part.references.length ? { references: part.references } : {}),
            attachments,
          });
          const rejected = (info.rejected ?? []).map(String);
          if (rejected.length && !(info.accepted ?? []).length) throw new SendFailure(false, `The mail server refused the recipient ${rejected.join(', ')}`);
          return part.messageId;
        } catch (err) {
          if (err instanceof SendFailure) throw err;
          throw smtpFailure(err, config.smtp.host, config.smtp.port, config.smtp.user, timeoutMs);
        } finally {
          signal.removeEventListener('abort', abort);
          transport.close();
        }
      },
      fetchMedia() {
        return Promise.reject(new MediaFailure(false, 'E-mail attachments arrive with the mail'));
      },
      async connect() {
        if (!settings) throw new SendFailure(false, 'This e-mail channel has no valid settings: edit it in Settings → Channels.');
        const { config, secrets } = settings;
        const checked: string[] = [];
        if (config.mode === 'mailbox' && config.imap) {
          const imap = config.imap;
          const client = imapClient(config, secrets, timeoutMs);
          client.on('error', () => {});
          try {
            await client.connect();
          } catch (err) {
            throw new SendFailure(false, imapWords(err, imap.host, imap.port, imap.user, imap.folder, timeoutMs));
          }
          try {
            const box = await client.mailboxOpen(imap.folder, { readOnly: true });
            checked.push(`the mailbox ${imap.user} on ${imap.host} logs in and its folder “${imap.folder}” has ${box.exists} mail${box.exists === 1 ? '' : 's'}`);
          } catch (err) {
            throw new SendFailure(false, imapWords(err, imap.host, imap.port, imap.user, imap.folder, timeoutMs));
          } finally {
            await client.logout().catch(() => client.close());
          }
        }
        const transport = smtpTransport(config, secrets, timeoutMs);
        try {
          await transport.verify();
          checked.push(`the SMTP server ${config.smtp.host} accepts ${config.smtp.user ? `the login for ${config.smtp.user}` : 'mail'}`);
        } catch (err) {
          throw new SendFailure(false, smtpFailure(err, config.smtp.host, config.smtp.port, config.smtp.user, timeoutMs).reason);
        } finally {
          transport.close();
        }
        return { detail: `Connected: ${checked.join('; ')}.` };
      },
    };
  },
};
