import { randomBytes } from 'node:crypto';
import { isProviderKind, PROVIDER_KINDS, windowState } from '../../shared/domain/providers';
import {
  channelConnectInput,
  channelEnabledInput,
  channelIdInput,
  emailContentInput,
  emailCreateInput,
  emailUpdateInput,
  retrySendInput,
  sendTemplateInput,
  telegramCreateInput,
  telegramUpdateInput,
  templateDeleteInput,
  templateSaveInput,
  whatsappCreateInput,
  whatsappUpdateInput,
  windowInput,
} from '../../shared/schemas/channelsSchema';
import { signInlineImages } from '../channels/email/inlineImages';
import { emailConfig, type EmailConfig } from '../channels/email/settings';
import { createFileLinks } from '../attachments/signedLinks';
import { files } from '../db/files';
import { telegramConfig } from '../channels/telegram/adapter';
import { whatsappConfig } from '../channels/whatsapp/adapter';
import { connectChannel } from '../channels/connect';
import { channelBlockedReason } from '../conversations/outbound';
import { createProviderChannel } from '../commands/createProviderChannel';
import { deleteChannelTemplate } from '../commands/deleteChannelTemplate';
import { deleteProviderChannel } from '../commands/deleteProviderChannel';
import { retrySend } from '../commands/retrySend';
import { saveChannelTemplate } from '../commands/saveChannelTemplate';
import { sendMessage } from '../commands/sendMessage';
import { setChannelEnabled } from '../commands/setChannelEnabled';
import { updateProviderChannel } from '../commands/updateProviderChannel';
import { channelTemplates, type TemplateRow } from '../db/channelTemplates';
import type { Config } from '../config';
import type { Db } from '../db/connection';
import { contacts } from '../db/contacts';
import { emailMessages, mailboxes } from '../db/email';
import { conversations } from '../db/conversations';
import { outbox } from '../db/outbox';
import { providerChannels, type ProviderChannelRow } from '../db/providerChannels';
import { errors } from '../errors';
import { allowed, memberProcedure, router } from '../trpc/init';

/** What the Settings → Channels list shows. Secrets never leave the server: only whether they are set. */
function view(db: Db, config: Config, c: ProviderChannelRow) {
  const secrets = JSON.parse(c.secrets) as Record<string, unknown>;
  const common = {
    id: c.id,
    name: c.name,
    enabled: c.enabled === 1,
    createdAt: c.created_at,
    /** Path of the webhook; the UI prefixes Kaon's public address. */
    webhookPath: `/webhooks/${c.kind}/${c.id}`,
    secretSet: Object.values(secrets).some((v) => typeof v === 'string' && v !== ''),
    /** Which secret is set, by name (accessToken, appSecret, verifyToken / botToken); never their values. */
    secretsSet: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, typeof v === 'string' && v !== ''])) as Record<string, boolean>,
    health: {
      lastWebhookAt: c.last_webhook_at,
      lastSendAt: c.last_send_at,
      lastSendError: c.last_send_error,
      lastSendErrorAt: c.last_send_error_at,
      queued: outbox.queuedCount(db, c.id),
    },
  };
  // Files go by link only when Kaon knows its public address (PUBLIC_URL); the form says so.
  const publicUrlSet = config.publicUrl !== null;
  if (c.kind === 'email') return { ...common, kind: 'email' as const, whatsapp: null, telegram: null, email: emailView(db, config, c) };
  return c.kind === 'whatsapp'
    ? { ...common, kind: 'whatsapp' as const, whatsapp: { ...whatsappConfig.parse(JSON.parse(c.config)), publicUrlSet }, telegram: null, email: null }
    : { ...common, kind: 'telegram' as const, whatsapp: null, telegram: telegramConfig.parse(JSON.parse(c.config)), email: null };
}

/** An e-mail channel's settings (no passwords), its forwarding address and the mailbox's health. */
function emailView(db: Db, config: Config, c: ProviderChannelRow) {
  const settings = emailConfig.parse(JSON.parse(c.config));
  const box = mailboxes.get(db, c.id);
  return {
    ...settings,
    /** Where the team forwards its mail; null until INBOUND_EMAIL_DOMAIN is set. */
    forwardingAddress: settings.mode === 'forwarding' && config.inboundEmailDomain ? `${settings.key}@${config.inboundEmailDomain}` : null,
    receiverRunning: config.smtpPort !== null,
    /** Closing a conversation mails the customer a rating request (customer satisfaction). */
    askRating: c.ask_rating === 1,
    mailbox: box ? { connectedAt: box.connected_at, lastError: box.last_error, lastErrorAt: box.last_error_at, lastUid: box.last_uid } : null,
  };
}

/**
 * The settings an e-mail form gives, as stored (passwords apart). On an update, the reply-token
 * switch and the signature the input leaves out keep their stored values (the form sends no
 * reply-token switch: saving it must not turn reply tokens off).
 */
function emailSettingsOf(input: typeof emailCreateInput._output, key: string, stored?: EmailConfig) {
  // requireImap (the schema) made sure a mailbox has its IMAP fields.
  const imap =
    input.mode === 'mailbox'
      ? { host: input.imapHost!, port: input.imapPort!, security: input.imapSecurity ?? 'tls', user: input.imapUser!, folder: input.imapFolder! }
      : null;
  return {
    mode: input.mode,
    address: input.address,
    imap,
    smtp: { host: input.smtpHost, port: input.smtpPort, security: input.smtpSecurity, user: input.smtpUser },
    key,
    replyToken: input.replyToken ?? stored?.replyToken ?? input.mode === 'forwarding',
    signature: input.signature ?? stored?.signature ?? '',
  };
}

/** A forwarding key nobody else uses (the address's local part, else with a number). */
function freeKey(db: Db, wanted: string, exceptId?: string): string {
  // Index probes (channels_email_key), not a walk over every e-mail channel.
  const taken = (key: string) => providerChannels.emailKeyTaken(db, key, exceptId);
  const base = wanted.replace(/[^a-z0-9._-]/g, '').slice(0, 50) || 'support';
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

const templateView = (t: TemplateRow) => ({
  id: t.id,
  channelId: t.channel_id,
  name: t.name,
  language: t.language,
  body: t.body,
  variableLabels: JSON.parse(t.variable_labels) as string[],
  updatedAt: t.updated_at,
});

/** The freshly written channel, as the list shows it. */
const created = (db: Db, config: Config, spaceId: string, id: string) => view(db, config, providerChannels.inSpace(db, spaceId, id)!);

/** WhatsApp Cloud API and Telegram channels: settings, templates, the 24-hour window, retries. */
export const providerChannelsRouter = router({
  list: memberProcedure.query(({ ctx }) => providerChannels.list(ctx.db, ctx.spaceId, PROVIDER_KINDS).map((c) => view(ctx.db, ctx.config, c))),
  createWhatsApp: allowed('channels.manage')
    .input(whatsappCreateInput)
    .mutation(({ ctx, input }) => {
      const row = createProviderChannel(ctx, {
        spaceId: ctx.spaceId,
        kind: 'whatsapp',
        name: input.name,
        config: { phoneNumberId: input.phoneNumberId, businessAccountId: input.businessAccountId ?? null, apiVersion: input.apiVersion, displayPhoneNumber: null },
        secrets: { accessToken: input.accessToken, appSecret: input.appSecret, verifyToken: input.verifyToken },
      });
      return created(ctx.db, ctx.config, ctx.spaceId, row.id);
    }),
  createTelegram: allowed('channels.manage')
    .input(telegramCreateInput)
    .mutation(({ ctx, input }) => {
      // The webhook's secret token is Kaon's own; `connect` hands it to Telegram's setWebhook.
      const secrets = { botToken: input.botToken, webhookSecret: randomBytes(32).toString('base64url') };
      const row = createProviderChannel(ctx, { spaceId: ctx.spaceId, kind: 'telegram', name: input.name, config: { botUsername: null }, secrets });
      return created(ctx.db, ctx.config, ctx.spaceId, row.id);
    }),
  /** An e-mail channel: a mailbox Kaon reads over IMAP, or a forwarding address; replies go out over SMTP. */
  createEmail: allowed('channels.manage')
    .input(emailCreateInput)
    .mutation(({ ctx, input }) => {
      const key = freeKey(ctx.db, input.key ?? input.address.split('@')[0]!);
      if (input.key && key !== input.key) throw errors.badRequest(`The forwarding address ${input.key}@… is taken; choose another.`);
      const row = createProviderChannel(ctx, {
        spaceId: ctx.spaceId,
        kind: 'email',
        name: input.name,
        config: emailSettingsOf(input, key),
        secrets: { imapPassword: input.imapPassword ?? '', smtpPassword: input.smtpPassword ?? '' },
      });
      return created(ctx.db, ctx.config, ctx.spaceId, row.id);
    }),
  updateEmail: allowed('channels.manage')
    .input(emailUpdateInput)
    .mutation(({ ctx, input }) => {
      const current = providerChannels.inSpace(ctx.db, ctx.spaceId, input.channelId);
      if (!current || current.kind !== 'email') throw errors.notFound('This channel');
      const stored = emailConfig.safeParse(JSON.parse(current.config)).data;
      const key = input.key ? freeKey(ctx.db, input.key, current.id) : (stored?.key ?? freeKey(ctx.db, input.address.split('@')[0]!, current.id));
      if (input.key && key !== input.key) throw errors.badRequest(`The forwarding address ${input.key}@… is taken; choose another.`);
      updateProviderChannel(ctx, {
        spaceId: ctx.spaceId,
        channelId: input.channelId,
        kind: 'email',
        name: input.name,
        config: emailSettingsOf(input, key, stored),
        secrets: { imapPassword: input.imapPassword || undefined, smtpPassword: input.smtpPassword || undefined },
      });
      return created(ctx.db, ctx.config, ctx.spaceId, input.channelId);
    }),
  updateWhatsApp: allowed('channels.manage')
    .input(whatsappUpdateInput)
    .mutation(({ ctx, input }) => {
      updateProviderChannel(ctx, {
        spaceId: ctx.spaceId,
        channelId: input.channelId,
        kind: 'whatsapp',
        name: input.name,
        config: {
          phoneNumberId: input.phoneNumberId,
          businessAccountId: input.businessAccountId ?? null,
          apiVersion: input.apiVersion,
          ...(input.mediaByLink !== undefined ? { mediaByLink: input.mediaByLink } : {}),
        },
        secrets: { accessToken: input.accessToken, appSecret: input.appSecret, verifyToken: input.verifyToken },
      });
      return created(ctx.db, ctx.config, ctx.spaceId, input.channelId);
    }),
  updateTelegram: allowed('channels.manage')
    .input(telegramUpdateInput)
    .mutation(({ ctx, input }) => {
      // A new token may be another bot: its username is learnt again by `connect`.
      const config = input.botToken ? { botUsername: null } : {};
      updateProviderChannel(ctx, { spaceId: ctx.spaceId, channelId: input.channelId, kind: 'telegram', name: input.name, config, secrets: { botToken: input.botToken } });
      return created(ctx.db, ctx.config, ctx.spaceId, input.channelId);
    }),
  setEnabled: allowed('channels.manage')
    .input(channelEnabledInput)
    .mutation(({ ctx, input }) => {
      setChannelEnabled(ctx, { spaceId: ctx.spaceId, channelId: input.channelId, enabled: input.enabled });
      return { ok: true };
    }),
  delete: allowed('channels.manage')
    .input(channelIdInput)
    .mutation(({ ctx, input }) => {
      deleteProviderChannel(ctx, { spaceId: ctx.spaceId, channelId: input.channelId });
      return { ok: true };
    }),
  /** Checks the credentials with the provider; for Telegram also registers the webhook. */
  connect: allowed('channels.manage')
    .input(channelConnectInput)
    .mutation(({ ctx, input }) => connectChannel(ctx, { spaceId: ctx.spaceId, channelId: input.channelId, publicUrl: input.publicUrl })),

  listTemplates: memberProcedure.input(channelIdInput).query(({ ctx, input }) => {
    if (!providerChannels.inSpace(ctx.db, ctx.spaceId, input.channelId)) throw errors.notFound('This channel');
    return channelTemplates.forChannel(ctx.db, input.channelId).map(templateView);
  }),
  saveTemplate: allowed('channels.manage')
    .input(templateSaveInput)
    .mutation(({ ctx, input }) =>
      templateView(
        saveChannelTemplate(ctx, {
          spaceId: ctx.spaceId,
          channelId: input.channelId,
          templateId: input.templateId,
          fields: { name: input.name, language: input.language, body: input.body, variableLabels: input.variableLabels },
        }),
      ),
    ),
  deleteTemplate: allowed('channels.manage')
    .input(templateDeleteInput)
    .mutation(({ ctx, input }) => {
      deleteChannelTemplate(ctx, { spaceId: ctx.spaceId, templateId: input.templateId });
      return { ok: true };
    }),

  /**
   * May an agent write free-form to this contact now (WhatsApp's 24-hour window)? The composer
   * asks before the agent types; `closesAt` lets it switch to the template picker on time.
   */
  window: memberProcedure.input(windowInput).query(({ ctx, input }) => {
    const contact = contacts.inSpace(ctx.db, ctx.spaceId, input.contactId);
    if (!contact) throw errors.notFound('This contact');
    const conv = conversations.openForContact(ctx.db, contact.id) ?? conversations.forContact(ctx.db, contact.id).at(-1);
    const channel = conv ? providerChannels.anyInSpace(ctx.db, ctx.spaceId, conv.channel_id) : undefined;
    if (!channel) {
      return { channelId: null, channelKind: null, lastInboundAt: null, templatesAvailable: false, sendBlockedReason: null, freeFormAllowed: true, closesAt: null, reason: null };
    }
    const lastInboundAt = providerChannels.lastInboundAt(ctx.db, channel.id, contact.id);
    const blocked = isProviderKind(channel.kind) ? channelBlockedReason(channel) : null;
    return {
      channelId: channel.id,
      channelKind: channel.kind,
      lastInboundAt,
      templatesAvailable: channel.kind === 'whatsapp' && blocked === null,
      /** Nothing can be sent at all (channel disabled or deleted); the composer says this instead. */
      sendBlockedReason: blocked,
      ...windowState(channel.kind, lastInboundAt, ctx.now()),
    };
  }),
  /** Sends a WhatsApp template (allowed outside the window); the thread shows its filled-in text. */
  sendTemplate: allowed('conversations.reply')
    .input(sendTemplateInput)
    .mutation(({ ctx, input }) =>
      sendMessage(ctx, {
        spaceId: ctx.spaceId,
        userId: ctx.user.id,
        contactId: input.contactId,
        body: '',
        clientId: input.clientId,
        fileIds: [],
        template: { templateId: input.templateId, values: input.values },
      }),
    ),
  /** A mail's sanitized HTML and quoted history, which the thread loads when the agent opens them. */
  emailContent: memberProcedure.input(emailContentInput).query(({ ctx, input }) => {
    const mail = emailMessages.byMessage(ctx.db, input.messageId);
    if (!mail || mail.space_id !== ctx.spaceId) throw errors.notFound('This mail');
    // Inline images: signed links to this message's own files (the sandboxed frame sends no cookies).
    const links = createFileLinks(ctx.db, ctx.now);
    const own = new Set(files.forMessage(ctx.db, input.messageId).map((f) => f.id));
    return { html: mail.html === null ? null : signInlineImages(mail.html, own, (id) => links.sign(id)), quoted: mail.quoted };
  }),
  /** Sends a failed reply again. */
  retrySend: allowed('conversations.reply')
    .input(retrySendInput)
    .mutation(({ ctx, input }) => retrySend(ctx, { spaceId: ctx.spaceId, messageId: input.messageId })),
});
