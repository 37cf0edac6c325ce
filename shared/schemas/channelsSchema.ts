import { z } from 'zod';
import { DEFAULT_GRAPH_API_VERSION, templateVariables } from '../domain/providers';
import { id, spaceInput } from './commonSchema';
import { clientId } from './messagesSchema';

/** Inputs of the providerChannels router (WhatsApp Cloud API and Telegram channels). */

const name = z.string().trim().min(1, 'Give the channel a name').max(80);
const secret = (what: string) => z.string().trim().min(1, `Enter the ${what}`).max(2000, `The ${what} is too long`);
const graphId = z.string().trim().regex(/^\d{1,32}$/, 'Enter the numeric id shown in Meta’s WhatsApp Manager');
const apiVersion = z.string().trim().regex(/^v\d{1,3}\.\d$/, `A Graph API version such as ${DEFAULT_GRAPH_API_VERSION}`);
const botToken = z
  .string()
  .trim()
  .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'Paste the token BotFather gave you (digits, a colon, then letters)');

export const whatsappCreateInput = spaceInput.extend({
  name,
  phoneNumberId: graphId,
  businessAccountId: graphId.nullish(),
  apiVersion: apiVersion.default(DEFAULT_GRAPH_API_VERSION),
  accessToken: secret('access token'),
  appSecret: secret('app secret'),
  verifyToken: secret('verify token'),
});
/** Secrets left out are kept: the form never has them to send back. */
export const whatsappUpdateInput = spaceInput.extend({
  channelId: id,
  name,
  phoneNumberId: graphId,
  businessAccountId: graphId.nullish(),
  apiVersion: apiVersion.default(DEFAULT_GRAPH_API_VERSION),
  /** Send reply files as signed links to Kaon (PUBLIC_URL) instead of uploading them to Meta; absent: unchanged. */
  mediaByLink: z.boolean().optional(),
  accessToken: secret('access token').optional(),
  appSecret: secret('app secret').optional(),
  verifyToken: secret('verify token').optional(),
});
export const telegramCreateInput = spaceInput.extend({ name, botToken });
export const telegramUpdateInput = spaceInput.extend({ channelId: id, name, botToken: botToken.optional() });

export const channelIdInput = spaceInput.extend({ channelId: id });
export const channelEnabledInput = channelIdInput.extend({ enabled: z.boolean() });
/** Kaon's public address as the provider reaches it (the browser's origin, or PUBLIC_URL). */
export const channelConnectInput = channelIdInput.extend({ publicUrl: z.url({ protocol: /^https?$/, error: 'Enter Kaon’s public address, like https://kaon.example.com' }) });

export const templateSaveInput = channelIdInput.extend({
  /** Absent: a new template. */
  templateId: id.optional(),
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,512}$/, 'Use the template’s name exactly as in Meta’s manager: lowercase letters, digits and _'),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'A language code such as en_US or pt_BR'),
  body: z
    .string()
    .trim()
    .min(1, 'Paste the template’s body text')
    .max(1024, 'Template bodies are at most 1,024 characters')
    .superRefine((text, ctx) => {
      const { error } = templateVariables(text);
      if (error) ctx.addIssue({ code: 'custom', message: error });
    }),
  /** What each {{n}} stands for ("Customer name"), shown in the template picker. */
  variableLabels: z.array(z.string().trim().max(80)).max(20).default([]),
});
export const templateDeleteInput = spaceInput.extend({ templateId: id });

export const windowInput = spaceInput.extend({ contactId: id });
export const sendTemplateInput = spaceInput.extend({
  contactId: id,
  templateId: id,
  values: z.array(z.string().trim().max(1024)).max(20).default([]),
  clientId,
});
export const retrySendInput = spaceInput.extend({ messageId: id });

/** E-mail channels: a mailbox (IMAP + SMTP) or a forwarding address (Kaon's SMTP receiver + SMTP). */
const host = z
  .string()
  .trim()
  .min(1, 'Enter the server’s host name')
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/, 'A host name such as imap.example.com');
const port = z.number({ error: 'Enter the port number' }).int().min(1, 'A port from 1 to 65535').max(65535, 'A port from 1 to 65535');
const mailSecurity = z.enum(['tls', 'starttls', 'none']);
const mailUser = z.string().trim().max(320);
const emailAddress = z.string().trim().toLowerCase().max(254).email('Enter an e-mail address such as support@example.com');
const password = z.string().max(2000, 'The password is too long');
/** The forwarding address's local part: `<key>@INBOUND_EMAIL_DOMAIN`. */
export const emailKey = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'Use 2–63 letters, digits, dots, dashes or underscores');

/** Flat, so each refusal lands on its own form field. The IMAP fields are needed for a mailbox only. */
const emailFields = {
  name,
  mode: z.enum(['mailbox', 'forwarding']),
  address: emailAddress,
  imapHost: host.optional(),
  imapPort: port.optional(),
  imapSecurity: mailSecurity.optional(),
  imapUser: mailUser.optional(),
  imapPassword: password.optional(),
  imapFolder: z.string().trim().max(200).optional(),
  smtpHost: host,
  smtpPort: port,
  smtpSecurity: mailSecurity,
  smtpUser: mailUser,
  smtpPassword: password.optional(),
  key: emailKey.optional(),
  replyToken: z.boolean().optional(),
  signature: z.string().trim().max(2000, 'Keep the signature under 2,000 characters').optional(),
};
type EmailFields = { mode: 'mailbox' | 'forwarding'; imapHost?: string | undefined; imapPort?: number | undefined; imapUser?: string | undefined; imapFolder?: string | undefined };
function requireImap(value: EmailFields, ctx: z.RefinementCtx) {
  if (value.mode !== 'mailbox') return;
  const need: Array<[keyof EmailFields, string]> = [
    ['imapHost', 'Enter the IMAP server’s host name'],
    ['imapPort', 'Enter the IMAP port (993 for TLS, 143 for STARTTLS)'],
    ['imapUser', 'Enter the IMAP user name'],
    ['imapFolder', 'Enter the folder, usually INBOX'],
  ];
  for (const [key, message] of need) if (value[key] === undefined || value[key] === '') ctx.addIssue({ code: 'custom', path: [key], message });
}

export const emailCreateInput = spaceInput.extend(emailFields).superRefine(requireImap);
/** Passwords left out are kept. */
export const emailUpdateInput = spaceInput.extend({ ...emailFields, channelId: id }).superRefine(requireImap);

export const emailContentInput = spaceInput.extend({ messageId: id });
