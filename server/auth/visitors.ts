import { parseCookies } from './requestAuth';
import { hashSecret, newSecret } from './tokens';

/** A website-chat visitor is remembered by a long random cookie; SQLite keeps only its SHA-256. */
export const VISITOR_COOKIE = 'kaon_visitor';

/** The visitor's key from a request's cookies (the hash of the cookie), or null without a valid one. */
export function visitorKeyOf(cookieHeader: string | undefined): string | null {
  const id = parseCookies(cookieHeader).get(VISITOR_COOKIE);
  return id && /^[A-Za-z0-9_-]{43}$/.test(id) ? hashSecret(id) : null;
}

/**
 * A new visitor: the Set-Cookie header that remembers them and the key it stands for. Over https
 * the cookie is `SameSite=None; Secure` so the chat keeps it inside the widget's iframe on a
 * customer's site (a third-party context, where Lax cookies are not sent), and `Partitioned`
 * (CHIPS) so browsers that block third-party cookies still keep one per embedding site. Over
 * plain http it stays Lax: browsers refuse SameSite=None without Secure.
 */
export function newVisitorCookie(secure: boolean): { header: string; key: string } {
  const id = newSecret();
  const site = secure ? 'SameSite=None; Secure; Partitioned' : 'SameSite=Lax';
  return { header: `${VISITOR_COOKIE}=${id}; Path=/; HttpOnly; ${site}; Max-Age=${400 * 86400}`, key: hashSecret(id) };
}
