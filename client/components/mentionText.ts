import { mentionToken, plainText } from '../../shared/domain/mentions';

export interface MentionMember {
  userId: string;
  name: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The composer shows mentions as `@Name`; the stored body uses `<@userId>` tokens so a mention
 * survives renames. Longest names first, so "@Ana María" wins over "@Ana"; `preferred` (picked
 * from the autocomplete) wins when two members share a name.
 */
export function toTokens(text: string, members: MentionMember[], preferred: string[] = []): string {
  const byName = new Map<string, string>();
  for (const m of members) if (!byName.has(m.name) || preferred.includes(m.userId)) byName.set(m.name, m.userId);
  const names = [...byName.keys()].filter((n) => n.trim() !== '').sort((a, b) => b.length - a.length);
  if (names.length === 0) return text;
  const re = new RegExp(`@(${names.map(escape).join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
  return text.replace(re, (_, name: string) => mentionToken(byName.get(name)!));
}

/** A stored body as the composer shows it (tokens become `@Current Name`). */
export function toDisplay(body: string, nameOf: (userId: string) => string): string {
  return plainText(body, nameOf);
}

/** The `@query` being typed just before the caret, if any (start = index of the `@`). */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([^\s@<>]{0,40})$/u.exec(text.slice(0, caret));
  return m ? { start: caret - m[2]!.length - 1, query: m[2]! } : null;
}

/** Members whose name (or a word of it) starts with the query, best first. */
export function matchMembers<T extends MentionMember>(members: T[], query: string, limit = 8): T[] {
  const q = query.toLowerCase();
  const starts = (m: T) => m.name.toLowerCase().startsWith(q);
  const wordStarts = (m: T) => m.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q));
  return members
    .filter(wordStarts)
    .sort((a, b) => Number(starts(b)) - Number(starts(a)) || a.name.localeCompare(b.name))
    .slice(0, limit);
}
