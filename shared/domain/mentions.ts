/**
 * Mentions in comments are structured tokens `<@userId>` inside the text, so a mention keeps
 * pointing at the member after a rename; the UI renders the member's current name.
 */
const TOKEN = /<@([A-Za-z0-9_-]{8,64})>/g;

export function mentionToken(userId: string): string {
  return `<@${userId}>`;
}

/** The distinct member ids mentioned in a comment body, in order of first appearance. */
export function parseMentions(body: string): string[] {
  const ids: string[] = [];
  for (const m of body.matchAll(TOKEN)) if (!ids.includes(m[1]!)) ids.push(m[1]!);
  return ids;
}

export type BodyPart = { kind: 'text'; text: string } | { kind: 'mention'; userId: string };

/** Splits a body into text and mention parts, for rendering. */
export function bodyParts(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const m of body.matchAll(TOKEN)) {
    if (m.index > last) parts.push({ kind: 'text', text: body.slice(last, m.index) });
    parts.push({ kind: 'mention', userId: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push({ kind: 'text', text: body.slice(last) });
  return parts;
}

/** Plain text with `@Name` for each mention (previews, notifications). */
export function plainText(body: string, nameOf: (userId: string) => string): string {
  return bodyParts(body)
    .map((p) => (p.kind === 'text' ? p.text : `@${nameOf(p.userId)}`))
    .join('');
}
