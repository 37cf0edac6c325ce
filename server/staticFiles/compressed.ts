import { existsSync } from 'node:fs';

/** The encodings the build precomputes next to each asset (vite.config.ts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** The encodings an Accept-Encoding header allows (a `q=0` refuses one). */
export function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (token && !(q && Number(q.slice(2)) === 0)) accepted.add(token);
  }
  return accepted;
}

/**
 * The precompressed copy of `file` to send for this Accept-Encoding, if the build wrote one:
 * brotli, else gzip, else none (the file as is). Nothing is compressed per request.
 */
export function precompressed(file: string, acceptEncoding: string | string[] | undefined): { path: string; encoding: string } | null {
  const accepted = acceptedEncodings(acceptEncoding);
  for (const { name, suffix } of ENCODINGS) {
    if ((accepted.has(name) || accepted.has('*')) && existsSync(file + suffix)) return { path: file + suffix, encoding: name };
  }
  return null;
}
