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
    simulator: simulatorWanted(env),
  };
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
