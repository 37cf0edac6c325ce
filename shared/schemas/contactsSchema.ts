import { z } from 'zod';
import { fieldKey } from './contactDocSchema';
import { id, spaceInput } from './commonSchema';

export const fieldLabel = z.string().trim().min(1, 'Give the field a label').max(80, 'Labels are at most 80 characters');

/** Creates the field, or renames its label when the key exists. */
export const contactFieldSaveInput = spaceInput.extend({ key: fieldKey, label: fieldLabel });
export const contactFieldDeleteInput = spaceInput.extend({ key: fieldKey });
/** Every key of the space, in the new order. */
export const contactFieldReorderInput = spaceInput.extend({ keys: z.array(fieldKey).max(100, 'At most 100 fields') });

export const CONTACT_SORTS = ['name', 'recent'] as const;
export const contactListInput = spaceInput.extend({
  query: z.string().trim().max(200, 'Searches are at most 200 characters').optional(),
  sort: z.enum(CONTACT_SORTS).default('name'),
  /** Opaque: the `next` of the previous page. */
  cursor: z.string().max(400).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export const contactGetInput = spaceInput.extend({ contactId: id });
