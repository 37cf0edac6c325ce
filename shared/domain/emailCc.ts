/**
 * The Cc line of an e-mail reply, as the composer edits it and the server accepts it: plain
 * addresses (no names), lower-cased, at most EMAIL_CC_MAX, none twice.
 */

/** Most Cc addresses one reply carries (a reply to all keeps the first ones). */
export const EMAIL_CC_MAX = 20;
/** RFC 5321's longest forward path. */
export const EMAIL_ADDRESS_MAX = 254;

// A pragmatic check (what mail servers accept in practice), not RFC 5322's full grammar:
// one @, a dotted domain, no spaces, brackets, quotes, commas or semicolons.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** Why this text cannot be a Cc address, in words; null when it can. */
export function ccAddressProblem(address: string): string | null {
  const a = address.trim();
  if (!a) return 'Type an e-mail address.';
  if (a.length > EMAIL_ADDRESS_MAX) return `An e-mail address is at most ${EMAIL_ADDRESS_MAX} characters.`;
  if (!ADDRESS.test(a)) return `“${a.length > 60 ? `${a.slice(0, 60)}…` : a}” is not an e-mail address (like name@example.com).`;
  return null;
}

/** Why this address cannot be added to this Cc line (bad, already there, too many); null when it can. */
export function ccAddProblem(current: readonly string[], address: string): string | null {
  const problem = ccAddressProblem(address);
  if (problem) return problem;
  if (current.includes(normalizeAddress(address))) return `${normalizeAddress(address)} is already in Cc.`;
  if (current.length >= EMAIL_CC_MAX) return `A reply has at most ${EMAIL_CC_MAX} Cc addresses.`;
  return null;
}

/** Splits what an agent typed or pasted ("a@x.com, b@y.com; c@z.com") into candidate addresses. */
export function splitAddresses(text: string): string[] {
  return text.split(/[\s,;]+/).map((a) => a.trim()).filter(Boolean);
}
