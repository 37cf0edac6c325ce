import { z } from 'zod';
import { SNIPPET_FILES_MAX, unknownVariables } from '../domain/snippetRules';
import { id, spaceInput } from './commonSchema';

const body = z
  .string()
  .trim()
  .min(1, 'Write the snippet text')
  .max(5000, 'Snippets are at most 5,000 characters')
  .superRefine((text, ctx) => {
    const unknown = unknownVariables(text);
    if (unknown.length) ctx.addIssue({ code: 'custom', message: `Unknown variable ${unknown.map((v) => `{{${v}}}`).join(', ')}` });
  });

/** Files of the space to attach when the snippet is inserted; left out on update = keep the current ones. */
const fileIds = z
  .array(id)
  .max(SNIPPET_FILES_MAX, `A snippet carries at most ${SNIPPET_FILES_MAX} files`)
  .refine((ids) => new Set(ids).size === ids.length, 'The same file is attached twice')
  .optional();

export const snippetFields = z.object({
  name: z.string().trim().min(1, 'Give the snippet a name').max(80),
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'Shortcuts are 1–32 letters, digits, - or _ (no spaces)'),
  body,
  fileIds,
});
export const snippetCreateInput = spaceInput.merge(snippetFields);
export const snippetUpdateInput = spaceInput.merge(snippetFields).extend({ snippetId: id });
export const snippetDeleteInput = spaceInput.extend({ snippetId: id });
