/** Closing-note policy of a space: whether closing a conversation asks why. */
export const CLOSING_POLICIES = ['off', 'optional', 'category', 'categoryAndSummary'] as const;
export type ClosingPolicy = (typeof CLOSING_POLICIES)[number];

export interface ClosingNote {
  category: string | null;
  summary: string | null;
}

export const SUMMARY_MAX = 2000;

/** Normalises a note under a policy; returns the note to store or the reason it is refused. */
export function checkClosingNote(
  policy: ClosingPolicy,
  categories: readonly string[],
  note: { category?: string | null | undefined; summary?: string | null | undefined } | null | undefined,
): { ok: true; note: ClosingNote | null } | { ok: false; message: string } {
  const category = note?.category?.trim() || null;
  const summary = note?.summary?.trim() || null;
  if (policy === 'off') return { ok: true, note: null };
  if (category !== null && !categories.includes(category)) return { ok: false, message: `“${category}” is not a closing category of this space.` };
  if (summary !== null && summary.length > SUMMARY_MAX) return { ok: false, message: `The summary is at most ${SUMMARY_MAX} characters.` };
  if ((policy === 'category' || policy === 'categoryAndSummary') && category === null) {
    return { ok: false, message: 'Pick a closing category to close this conversation.' };
  }
  if (policy === 'categoryAndSummary' && summary === null) return { ok: false, message: 'Write a short summary to close this conversation.' };
  return { ok: true, note: category === null && summary === null ? null : { category, summary } };
}

/** Does this policy show the closing-note dialog? */
export function asksForNote(policy: ClosingPolicy): boolean {
  return policy !== 'off';
}
