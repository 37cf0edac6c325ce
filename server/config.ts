import { resolve } from 'node:path';

export interface Config {
  port: number;
  dataDir: string;
  /** Served over https (sets Secure on cookies). Derived from PUBLIC_URL. */
  secureCookies: boolean;
  /** PUBLIC_URL without a trailing slash: Kaon's address as providers reach it (signed file links), or null when not set. */
  publicUrl: string | null;
  sessionTtlMs: number;
  /** Folder with the built client; the server serves it at `/`. */
  clientDir: string;
  /** Failed sign-ins allowed per e-mail and per IP in `loginWindowMs`. */
  loginMaxPerEmail: number;
  loginMaxPerIp: number;
  loginWindowMs: number;
  /** Attachment size limit in bytes (MAX_UPLOAD_MB). */
  maxUploadBytes: number;
  /** Provider API base URLs (WHATSAPP_API_BASE, TELEGRAM_API_BASE): tests and the demo point them at local fakes. */
  whatsappApiBase: string;
  telegramApiBase: string;
  /** Outbound sends: provider request timeout, retry backoff (first delay, cap) and attempts before giving up. */
  providerTimeoutMs: number;
  outboxRetryBaseMs: number;
  outboxRetryMaxMs: number;
  outboxMaxAttempts: number;
  /** E-mail: Kaon's own SMTP receiver for forwarding addresses (SMTP_PORT; null = off), their domain (INBOUND_EMAIL_DOMAIN), the largest mail taken (MAX_EMAIL_MB), IMAP reconnect backoff. */
  smtpPort: number | null;
  smtpHost: string;
  inboundEmailDomain: string | null;
  maxEmailBytes: number;
  emailRetryBaseMs: number;
  emailRetryMaxMs: number;
  /** TRUST_PROXY: how many reverse proxies in front of Kaon append to X-Forwarded-For; 0 = use the socket address. */
  trustProxy: number;
  /** Sign-in: each failure past the account's limit (from any client) slows the next attempt by this, doubling, up to 8 s. */
  loginSlowdownMs: number;
  /** scrypt runs at most this many at once (PASSWORD_HASH_CONCURRENCY); this many more wait, the rest get 429. */
  passwordHashConcurrency: number;
  passwordHashQueue: number;
  /** Website chat limits, per visitor (their cookie) and per client address. */
  chatMessagesPerMinute: number;
  chatMessagesPerMinutePerIp: number;
  chatNewVisitorsPerHourPerIp: number;
  chatUploadsPerHour: number;
  chatUploadsPerHourPerIp: number;
  chatUploadBytesPerHour: number;
  chatUploadBytesPerHourPerIp: number;
  chatStreamsPerVisitor: number;
  chatStreamsPerIp: number;
  /** Uploads attached to nothing (no message, no snippet) are removed after this long (UNATTACHED_FILE_TTL_HOURS). */
  unattachedFileTtlMs: number;
  /** CSP frame-ancestors of the chat page (CHAT_FRAME_ANCESTORS): the sites that may embed the widget. */
  chatFrameAncestors: string;
  /** Outgoing webhooks: WEBHOOKS_ALLOW_PRIVATE=1 lets them reach private, loopback and link-local addresses (off: refused). */
  webhooksAllowPrivate: boolean;
  /** How long a receiver has to answer (WEBHOOK_TIMEOUT_MS), the retry backoff (first delay, cap) and attempts before a delivery fails. */
  webhookTimeoutMs: number;
  webhookRetryBaseMs: number;
  webhookRetryMaxMs: number;
  webhookMaxAttempts: number;
  /** SIMULATOR=1: development and demo only. Starts the WhatsApp and Telegram fakes in-process, points the API bases at them, serves the customer simulator at /simulator and lets it move Kaon's clock. Never set in production. */
  simulator: boolean;
}

function int(value: string | undefined, fallback: number, name: string, min = 0): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, got "${value}"`);
  return n;
}

/** Reads the environment once, at start-up; every variable is documented in the README. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 3000, 'PORT'),
    dataDir: resolve(env.DATA_DIR || './data'),
    secureCookies: (env.PUBLIC_URL ?? '').startsWith('https://'),
    publicUrl: publicUrlOf(env.PUBLIC_URL),
    sessionTtlMs: int(env.SESSION_TTL_DAYS, 30, 'SESSION_TTL_DAYS', 1) * 86_400_000,
    clientDir: resolve(env.CLIENT_DIR || 'dist/client'),
    loginMaxPerEmail: int(env.LOGIN_MAX_FAILURES, 5, 'LOGIN_MAX_FAILURES', 1),
    loginMaxPerIp: int(env.LOGIN_MAX_FAILURES_PER_IP, 30, 'LOGIN_MAX_FAILURES_PER_IP', 1),
    loginWindowMs: 15 * 60_000,
    maxUploadBytes: int(env.MAX_UPLOAD_MB, 25, 'MAX_UPLOAD_MB', 1) * 1024 * 1024,
    whatsappApiBase: (env.WHATSAPP_API_BASE || 'https://graph.facebook.com').replace(/\/+$/, ''),
    telegramApiBase: (env.TELEGRAM_API_BASE || 'https://api.telegram.org').replace(/\/+$/, ''),
    providerTimeoutMs: int(env.PROVIDER_TIMEOUT_MS, 15_000, 'PROVIDER_TIMEOUT_MS', 100),
    outboxRetryBaseMs: 2_000,
    outboxRetryMaxMs: 10 * 60_000,
    outboxMaxAttempts: int(env.OUTBOX_MAX_ATTEMPTS, 12, 'OUTBOX_MAX_ATTEMPTS', 1),
    smtpPort: env.SMTP_PORT ? int(env.SMTP_PORT, 0, 'SMTP_PORT') : null,
    smtpHost: env.SMTP_HOST || '0.0.0.0',
    inboundEmailDomain: (env.INBOUND_EMAIL_DOMAIN || '').trim().toLowerCase() || null,
    maxEmailBytes: int(env.MAX_EMAIL_MB, 30, 'MAX_EMAIL_MB', 1) * 1024 * 1024,
    emailRetryBaseMs: 1_000,
    emailRetryMaxMs: 5 * 60_000,
    simulator: simulatorWanted(env),
    webhooksAllowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === '1',
    webhookTimeoutMs: int(env.WEBHOOK_TIMEOUT_MS, 10_000, 'WEBHOOK_TIMEOUT_MS', 100),
    // 30 s doubling to 6 h: the 12 attempts span about a day (with jitter, 15–21 h).
    webhookRetryBaseMs: int(env.WEBHOOK_RETRY_BASE_MS, 30_000, 'WEBHOOK_RETRY_BASE_MS', 100),
    webhookRetryMaxMs: 6 * 3_600_000,
    webhookMaxAttempts: int(env.WEBHOOK_MAX_ATTEMPTS, 12, 'WEBHOOK_MAX_ATTEMPTS', 1),
    trustProxy: int(env.TRUST_PROXY, 0, 'TRUST_PROXY'),
    loginSlowdownMs: 500,
    passwordHashConcurrency: int(env.PASSWORD_HASH_CONCURRENCY, 2, 'PASSWORD_HASH_CONCURRENCY', 1),
    passwordHashQueue: 32,
    chatMessagesPerMinute: int(env.CHAT_MESSAGES_PER_MINUTE, 20, 'CHAT_MESSAGES_PER_MINUTE', 1),
    chatMessagesPerMinutePerIp: int(env.CHAT_MESSAGES_PER_MINUTE_PER_IP, 120, 'CHAT_MESSAGES_PER_MINUTE_PER_IP', 1),
    chatNewVisitorsPerHourPerIp: int(env.CHAT_NEW_VISITORS_PER_HOUR_PER_IP, 60, 'CHAT_NEW_VISITORS_PER_HOUR_PER_IP', 1),
    chatUploadsPerHour: int(env.CHAT_UPLOADS_PER_HOUR, 30, 'CHAT_UPLOADS_PER_HOUR', 1),
    chatUploadsPerHourPerIp: int(env.CHAT_UPLOADS_PER_HOUR_PER_IP, 100, 'CHAT_UPLOADS_PER_HOUR_PER_IP', 1),
    chatUploadBytesPerHour: int(env.CHAT_UPLOAD_MB_PER_HOUR, 100, 'CHAT_UPLOAD_MB_PER_HOUR', 1) * 1024 * 1024,
    chatUploadBytesPerHourPerIp: int(env.CHAT_UPLOAD_MB_PER_HOUR_PER_IP, 300, 'CHAT_UPLOAD_MB_PER_HOUR_PER_IP', 1) * 1024 * 1024,
    chatStreamsPerVisitor: int(env.CHAT_STREAMS_PER_VISITOR, 5, 'CHAT_STREAMS_PER_VISITOR', 1),
    chatStreamsPerIp: int(env.CHAT_STREAMS_PER_IP, 50, 'CHAT_STREAMS_PER_IP', 1),
    unattachedFileTtlMs: int(env.UNATTACHED_FILE_TTL_HOURS, 24, 'UNATTACHED_FILE_TTL_HOURS', 1) * 3_600_000,
    chatFrameAncestors: frameAncestorsOf(env.CHAT_FRAME_ANCESTORS),
  };
}

// Sources only (`*`, `'self'`, `'none'`, scheme:, host patterns): a `;` or `,` would start another directive.
function frameAncestorsOf(value: string | undefined): string {
  const v = (value ?? '').trim();
  if (!v) return '*';
  const ok = v.split(/\s+/).every((s) => /^(\*|'self'|'none'|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*:\/\/)?(\*\.)?[a-z0-9.-]+(:(\d+|\*))?(\/[^\s;,']*)?)$/i.test(s));
  if (!ok) throw new Error(`CHAT_FRAME_ANCESTORS must be sites separated by spaces, like "https://shop.example.com https://*.example.org", got "${value}"`);
  return v;
}

function publicUrlOf(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL must be Kaon's address, like https://kaon.example.com, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`PUBLIC_URL must start with https:// or http://, got "${value}"`);
  return value.replace(/\/+$/, '');
}

// The simulator signs webhooks into any space and moves Kaon's clock, without signing in: it is
// for a developer's machine or a demo, never next to real customers.
function simulatorWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.SIMULATOR !== '1') return false;
  if (env.NODE_ENV === 'production') throw new Error('SIMULATOR=1 is for development and demos only; it cannot run with NODE_ENV=production');
  return true;
}
