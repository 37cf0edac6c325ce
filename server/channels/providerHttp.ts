import { timingSafeEqual } from 'node:crypto';
import { MediaFailure, SendFailure } from './adapterTypes';

/**
 * fetch with the provider timeout folded into the caller's signal (the worker aborts on
 * shutdown). A timeout or a network error is a transient SendFailure: the outbox retries it.
 * The timer is a plain one we own (rather than AbortSignal.timeout combined with AbortSignal.any),
 * so its lifetime is obvious; it stays armed after the answer so reading the body is bounded too
 * (aborting a finished fetch does nothing).
 */
export async function providerFetch(label: string, url: string, init: RequestInit, timeoutMs: number, signal: AbortSignal): Promise<Response> {
  const controller = new AbortController();
  const stop = () => controller.abort(signal.reason);
  const timer = setTimeout(() => {
    signal.removeEventListener('abort', stop);
    controller.abort(new DOMException('The provider did not answer in time', 'TimeoutError'));
  }, timeoutMs);
  timer.unref();
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } catch (err) {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
    if (signal.aborted) throw new SendFailure(true, 'Kaon stopped before the provider answered');
    const timedOut = controller.signal.aborted || (err instanceof Error && err.name === 'TimeoutError');
    throw new SendFailure(true, timedOut ? `${label} did not answer within ${Math.round(timeoutMs / 1000)} s` : `Could not reach ${label}`);
  }
}

/** The body as JSON, or null when it is not JSON (a proxy's HTML error page). */
export async function jsonOf(res: Response): Promise<unknown> {
  try {
    return JSON.parse(await res.text());
  } catch {
    return null;
  }
}

/** Retry-After in seconds (the only form providers use) → ms. */
export function retryAfterMs(res: Response): number | undefined {
  const value = Number(res.headers.get('retry-after'));
  return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
}

/** Media fetch errors: a send failure's classification carried over to the webhook path. */
export function asMediaFailure(err: unknown): MediaFailure {
  if (err instanceof MediaFailure) return err;
  if (err instanceof SendFailure) return new MediaFailure(err.transient, err.reason);
  return new MediaFailure(true, 'The media download was interrupted');
}

/** Transient when the provider is down or throttling; a 4xx about this media will not get better. */
export const mediaStatusFailure = (label: string, status: number) =>
  new MediaFailure(status >= 500 || status === 429, `${label} refused the media download (HTTP ${status})`);

/** Constant-time string comparison (secrets, signatures). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** The file's extension for a MIME type, for media that arrive without a name. */
export function extensionOf(mime: string): string {
  const known: Record<string, string> = {
    'image/jpeg': 'jpg',
    'image/png': 'png',
    'image/webp': 'webp',
    'image/gif': 'gif',
    'video/mp4': 'mp4',
    'audio/ogg': 'ogg',
    'audio/mpeg': 'mp3',
    'audio/mp4': 'm4a',
    'audio/aac': 'aac',
    'application/pdf': 'pdf',
  };
  return known[mime.split(';')[0]!.trim().toLowerCase()] ?? 'bin';
}
