/**
 * The writable contact doc `s.<space>.contact.<contactId>`: edited live by every
 * member of the space, validated by the server (server/contacts/), projected into SQLite.
 *
 * - Y.Map 'profile'  : 'name' | 'phone' | 'email' | 'company' → string (last writer wins per field)
 * - Y.Map 'tags'     : tag → time it was added (a set: concurrent adds and removals converge)
 * - Y.Map 'fields'   : custom field key (defined per space by owners/managers) → string value
 * - Y.Map 'comments' : comment id → CommentRecord (a plain object, replaced whole on edit)
 *
 * No other root type is allowed. Records are plain JSON, never Solid proxies.
 */
export const CONTACT = { profile: 'profile', tags: 'tags', fields: 'fields', comments: 'comments' } as const;
export const CONTACT_ROOTS: readonly string[] = Object.values(CONTACT);

export const PROFILE_KEYS = ['name', 'phone', 'email', 'company'] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];

export interface CommentRecord {
  id: string;
  /** The member who wrote it; the server refuses a comment whose author is not the writer. */
  authorId: string;
  /** Text with mention tokens `<@userId>` (see shared/domain/mentions.ts). Empty once deleted. */
  body: string;
  createdAt: number;
  editedAt: number | null;
  /** Soft delete: the record stays so the thread reads "comment deleted". */
  deleted: boolean;
  deletedBy: string | null;
  /** The comment this one replies to (Reply starts a new comment mentioning its author). */
  replyTo: string | null;
}
