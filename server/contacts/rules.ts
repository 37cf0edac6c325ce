import { canModerateComments } from '../../shared/domain/contactRules';
import { commentRecord, fieldKey, profileValue, tagName, CONTACT_LIMITS } from '../../shared/schemas/contactDocSchema';
import { PROFILE_KEYS, type CommentRecord } from '../../shared/sync/contactDoc';
import type { Role } from '../../shared/domain/permissions';
import type { ContactDocChanges, KeyChange } from './diff';

export interface Actor {
  userId: string;
  role: Role;
}

/** What the rules need to know beyond the change: map sizes after it, and the space's custom fields. */
export interface DocFacts {
  tags: number;
  fields: number;
  /** The keys of the space's custom field definitions (`contact_fields`). */
  fieldKeys: ReadonlySet<string>;
}

/**
 * Why a client update to a contact doc is refused, or null when it may be applied: a forged
 * author, or an agent editing or deleting someone else's comment, is never applied.
 */
export function refusal(changes: ContactDocChanges, actor: Actor, facts: DocFacts): string | null {
  if (changes.missingDependencies) return 'it depends on changes the server does not have';
  if (changes.malformed) return changes.malformed;
  for (const [root, list] of changes.maps) {
    for (const change of list) {
      const why = root === 'comments' ? commentRefusal(change, actor) : root === 'profile' ? profileRefusal(change) : root === 'tags' ? tagRefusal(change) : fieldRefusal(change, facts.fieldKeys);
      if (why) return `${root}.${change.key}: ${why}`;
    }
  }
  if (changes.maps.has('tags') && facts.tags > CONTACT_LIMITS.tagsMax) return `more than ${CONTACT_LIMITS.tagsMax} tags`;
  if (changes.maps.has('fields') && facts.fields > CONTACT_LIMITS.fieldsMax) return `more than ${CONTACT_LIMITS.fieldsMax} fields`;
  return null;
}

function profileRefusal({ key, after }: KeyChange): string | null {
  if (!(PROFILE_KEYS as readonly string[]).includes(key)) return 'not a profile field';
  if (after === undefined) return null;
  return profileValue[key as keyof typeof profileValue].safeParse(after).success ? null : 'not a valid value';
}

function tagRefusal({ key, after }: KeyChange): string | null {
  if (!tagName.safeParse(key).success || key !== key.trim()) return 'not a valid tag';
  return after === undefined || (typeof after === 'number' && Number.isFinite(after)) ? null : 'not a valid tag value';
}

// Clearing a value is always allowed (its definition may have been deleted since); setting one
// needs a definition, so custom fields cannot smuggle unlisted data into the contact.
function fieldRefusal({ key, after }: KeyChange, fieldKeys: ReadonlySet<string>): string | null {
  if (!fieldKey.safeParse(key).success) return 'not a valid field key';
  if (after === undefined) return null;
  if (!fieldKeys.has(key)) return 'not a field of this space';
  return typeof after === 'string' && after.length <= CONTACT_LIMITS.fieldValueMax ? null : 'not a valid field value';
}

function commentRefusal({ key, before, after }: KeyChange, actor: Actor): string | null {
  if (after === undefined) return 'comments are deleted by marking them deleted, never removed';
  const parsed = commentRecord.safeParse(after);
  if (!parsed.success) return 'not a valid comment';
  const next: CommentRecord = parsed.data;
  if (next.id !== key) return 'the id does not match its key';
  if (before === undefined) {
    if (next.authorId !== actor.userId) return 'a comment must be written by its author';
    if (next.deleted || next.editedAt !== null) return 'a new comment cannot start edited or deleted';
    return null;
  }
  const prev = before as CommentRecord;
  if (next.authorId !== prev.authorId || next.createdAt !== prev.createdAt || next.replyTo !== prev.replyTo) return 'author, time and reply target never change';
  if (prev.deleted) return 'a deleted comment stays deleted';
  if (next.deleted) {
    if (next.body !== '' || next.deletedBy !== actor.userId) return 'a deletion clears the text and names who deleted it';
    return prev.authorId === actor.userId || canModerateComments(actor.role) ? null : 'only the author, an owner or a manager can delete a comment';
  }
  if (prev.authorId !== actor.userId) return 'only the author can edit a comment';
  return next.editedAt !== null && next.deletedBy === null ? null : 'an edit must say when it was edited';
}
