import { z } from 'zod';
import { id } from './commonSchema';

/** Limits of the contact doc's values: the server refuses an update that breaks one. */
export const CONTACT_LIMITS = {
  nameMax: 200,
  phoneMax: 50,
  emailMax: 254,
  companyMax: 200,
  tagMax: 50,
  tagsMax: 50,
  fieldValueMax: 1000,
  fieldsMax: 50,
  commentMax: 5000,
  /** Comment ids are client-made (crypto.randomUUID without dashes works). */
} as const;

export const tagName = z.string().trim().min(1, 'Enter a tag').max(CONTACT_LIMITS.tagMax, `Tags are at most ${CONTACT_LIMITS.tagMax} characters`);
/** Custom field keys: what `{{contact.fields.<key>}}` in snippets and workflow conditions use. */
export const fieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lowercase letters, digits and _ (start with a letter)');

export const profileValue = {
  name: z.string().max(CONTACT_LIMITS.nameMax),
  phone: z.string().max(CONTACT_LIMITS.phoneMax),
  email: z.string().max(CONTACT_LIMITS.emailMax),
  company: z.string().max(CONTACT_LIMITS.companyMax),
} as const;

export const commentRecord = z.strictObject({
  id,
  authorId: id,
  body: z.string().max(CONTACT_LIMITS.commentMax),
  createdAt: z.number().int().nonnegative(),
  editedAt: z.number().int().nonnegative().nullable(),
  deleted: z.boolean(),
  deletedBy: id.nullable(),
  replyTo: id.nullable(),
});
