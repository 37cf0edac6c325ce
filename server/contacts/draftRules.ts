import { DRAFT_LIMITS, draftKey, draftRecord } from '../../shared/schemas/draftsSchema';
import type { ContactDocChanges } from './diff';

/** What the drafts rules need beyond the change: the doc's size before it. */
export interface DraftsBefore {
  count: number;
  textLength: number;
}

const textOf = (value: unknown) => (draftRecord.safeParse(value).success ? (value as { text: string }).text.length : 0);

/**
 * Why a client update to a member's drafts doc (`drafts`: contactId → {text, at}) is refused, or
 * null. The doc is private, but it is stored and synced to every device of the member, so its
 * shape and size are held like any other: one draft at most a message long, a bounded doc.
 */
export function draftsRefusal(changes: ContactDocChanges, before: DraftsBefore): string | null {
  if (changes.missingDependencies) return 'it depends on changes the server does not have';
  if (changes.malformed) return changes.malformed;
  let { count, textLength } = before;
  for (const { key, before: prev, after } of changes.maps.get('drafts') ?? []) {
    // Removing is always allowed (also what an older client left behind); writing must fit.
    if (after !== undefined && !draftKey.safeParse(key).success) return `drafts.${key}: not a contact id`;
    if (after !== undefined && !draftRecord.safeParse(after).success) return `drafts.${key}: not a valid draft`;
    count += (after !== undefined ? 1 : 0) - (prev !== undefined ? 1 : 0);
    textLength += textOf(after) - textOf(prev);
  }
  if (count > DRAFT_LIMITS.draftsMax) return `more than ${DRAFT_LIMITS.draftsMax} drafts`;
  if (textLength > DRAFT_LIMITS.totalTextMax) return `more than ${DRAFT_LIMITS.totalTextMax} characters of drafts`;
  return null;
}
