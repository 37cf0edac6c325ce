import { z } from 'zod';
import { MESSAGE_LIMITS } from '../domain/messageLimits';
import { id } from './commonSchema';

/** Limits of a member's drafts doc: the server refuses an update that breaks one. */
export const DRAFT_LIMITS = {
  /** A draft is a reply being written, so it is at most a message long. */
  textMax: MESSAGE_LIMITS.bodyMax,
  draftsMax: 500,
  /** All drafts of one member in one space together. */
  totalTextMax: 1_000_000,
} as const;

/** The key of a draft: the contact it is written to. */
export const draftKey = id;
export const draftRecord = z.strictObject({
  text: z.string().max(DRAFT_LIMITS.textMax),
  at: z.number().int().nonnegative(),
});
