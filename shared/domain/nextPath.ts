/**
 * Where the login screen may send the user after signing in (`?next=`): only a path of this
 * origin. A single leading `/` followed by anything but `/` or `\` (browsers read `\` as `/`, so
 * `/\evil.example` and `//evil.example` both leave the site), and no control characters (the URL
 * parser drops tabs and newlines, which turns `/\t/evil.example` into `//evil.example`).
 * Anything else goes to `/`.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  if (next[1] === '/' || next[1] === '\\') return '/';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  return next;
}
