import type { IncomingMessage } from 'node:http';

export interface PageHeaderOptions {
  /** PUBLIC_URL: names the sync socket's origin; without it the request's Host does. */
  publicUrl: string | null;
  /** CHAT_FRAME_ANCESTORS: who may embed the chat page (the widget's iframe). */
  chatFrameAncestors: string;
}

export type PageKind = 'app' | 'chat';

const HOST = /^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

/** The sync socket's origins: `'self'` covers them in CSP 3 browsers, the explicit ones older ones. */
function socketSources(options: PageHeaderOptions, req: IncomingMessage): string[] {
  if (options.publicUrl) {
    const url = new URL(options.publicUrl);
    return [`${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`];
  }
  const host = req.headers.host ?? '';
  return HOST.test(host) ? [`ws://${host}`, `wss://${host}`] : [];
}

/**
 * Security headers of every HTML answer (the app shell and the chat page):
 * - scripts only from Kaon itself (the built client has no inline script; Vite emits files);
 * - styles from Kaon plus inline ones: Solid sets `style` attributes and emoji-picker-element
 *   puts a `<style>` in its shadow root. Injected CSS cannot run code, and scripts stay locked;
 * - images also from `data:` (the favicon) and `blob:` (previews of files being attached);
 * - connections to Kaon and its own sync socket only;
 * - the app can never be framed (clickjacking); the chat page can, by the sites
 *   CHAT_FRAME_ANCESTORS names (default `*`: the widget is embedded on customers' sites, and the
 *   chat page holds nothing but that visitor's own conversation);
 * - nosniff, and referrers only to Kaon itself.
 */
export function pageHeaders(options: PageHeaderOptions) {
  return (req: IncomingMessage, kind: PageKind): Record<string, string> => {
    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "media-src 'self' blob:",
      "font-src 'self' data:",
      `connect-src ${["'self'", ...socketSources(options, req)].join(' ')}`,
      "worker-src 'self'",
      "manifest-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      `frame-ancestors ${kind === 'app' ? "'none'" : options.chatFrameAncestors}`,
    ].join('; ');
    return {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      ...(kind === 'app' ? { 'X-Frame-Options': 'DENY' } : {}),
    };
  };
}
