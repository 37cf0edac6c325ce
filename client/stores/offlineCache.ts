import { isUnreachable } from '../api/trpc';

const PREFIX = 'kaon:cache:';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readCache<T>(key: string): T | undefined {
  const raw = storage()?.getItem(PREFIX + key);
  if (raw == null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

function writeCache(key: string, value: unknown): void {
  try {
    if (value === undefined || value === null) storage()?.removeItem(PREFIX + key);
    else storage()?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Quota or private mode: the cache is a convenience, never a failure.
  }
}

/** Forgets every cached answer (on sign-out: the next member on this browser must not see them). */
export function clearCache(): void {
  const s = storage();
  if (!s) return;
  for (const key of Object.keys(s)) if (key.startsWith(PREFIX)) s.removeItem(key);
}

/**
 * Runs a query and remembers its last good answer under `key` (per member and space: the caller
 * puts both in the key). When the server cannot be reached the remembered answer is used, so
 * the app still opens offline; a refusal (401, 404…) is never hidden behind the cache.
 */
export async function cachedQuery<T>(key: string, query: () => Promise<T>): Promise<T> {
  try {
    const value = await query();
    writeCache(key, value);
    return value;
  } catch (err) {
    const cached = isUnreachable(err) ? readCache<T>(key) : undefined;
    if (cached !== undefined) return cached;
    throw err;
  }
}
