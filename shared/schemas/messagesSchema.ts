import { ccAddressProblem, EMAIL_CC_MAX, normalizeAddress } from '../domain/emailCc';
import { RATING_COMMENT_MAX } from '../domain/satisfaction';
import { AUTO_CLOSE_MAX_HOURS } from '../domain/snooze';
import { z } from 'zod';
import { CLOSING_POLICIES } from '../domain/closingNote';
import { MESSAGE_LIMITS } from '../domain/messageLimits';
import { THREAD_PAGE_MAX } from '../domain/threadOrder';
import { id, spaceInput } from './commonSchema';

export const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a valid client id');
const body = z.string().max(MESSAGE_LIMITS.bodyMax, `Messages are at most ${MESSAGE_LIMITS.bodyMax} characters`);
const fileIds = z
  .array(id)
  .max(MESSAGE_LIMITS.filesPerMessage, `At most ${MESSAGE_LIMITS.filesPerMessage} files per message`)
  .refine((ids) => new Set(ids).size === ids.length, 'The same file is attached twice')
  .default([]);
const version = z.number().int().min(1);

/** An e-mail reply's Cc line; left out, the reply goes to all the answered mail's recipients. */
const cc = z
  .array(
    z
      .string()
      .max(1000, 'An e-mail address is at most 254 characters.')
      .superRefine((a, ctx) => {
        const problem = ccAddressProblem(a);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .transform(normalizeAddress),
  )
  .max(EMAIL_CC_MAX, `A reply has at most ${EMAIL_CC_MAX} Cc addresses.`)
  .refine((list) => new Set(list).size === list.length, 'The same address is in Cc twice.')
  .optional();

export const sendInput = spaceInput.extend({ contactId: id, body, clientId, fileIds, cc });
export const assignInput = spaceInput.extend({ conversationId: id, version, assigneeId: id });
export const unassignInput = spaceInput.extend({ conversationId: id, version });
export const closeInput = spaceInput.extend({
  conversationId: id,
  version,
  category: z.string().max(80).nullish(),
  summary: z.string().max(4000).nullish(),
});
export const conversationInput = spaceInput.extend({ conversationId: id });
/** `until` in ms since the epoch, or null: until the customer writes. */
export const snoozeInput = spaceInput.extend({ conversationId: id, version, until: z.number().int().nullable() });
export const unsnoozeInput = spaceInput.extend({ conversationId: id, version });
export const snoozedListInput = spaceInput.extend({ limit: z.number().int().min(1).max(200).default(200) });
export const contactInput = spaceInput.extend({ contactId: id });
export const closedListInput = spaceInput.extend({
  /** The closedAt and id of the last conversation of the previous page. */
  before: z.number().int().positive().optional(),
  beforeId: id.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export const threadPageInput = spaceInput.extend({
  conversationId: id,
  /** The oldest item the pane has: the page ends just before it. */
  before: z.object({ id, at: z.number().int().nonnegative(), kind: z.enum(['message', 'activity']) }),
  limit: z.number().int().min(1).max(THREAD_PAGE_MAX).default(50),
});
export const searchInput = spaceInput.extend({ q: z.string().trim().min(1, 'Type something to search').max(200) });

export const closingSettingsInput = spaceInput.extend({
  policy: z.enum(CLOSING_POLICIES),
  categories: z.array(z.string().trim().min(1).max(80)).max(50),
  /** Close open conversations after this many hours without a customer message; null = off. Absent: unchanged. */
  autoCloseHours: z.number().int('Enter a whole number of hours').min(1, 'Enter 1 hour or more').max(AUTO_CLOSE_MAX_HOURS, `At most ${AUTO_CLOSE_MAX_HOURS} hours (90 days)`).nullable().optional(),
});
export const channelCreateInput = spaceInput.extend({ name: z.string().trim().min(1, 'Give the channel a name').max(80) });

const channelKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'Not a valid chat link');
export const webchatInput = z.object({ channelKey });
export const webchatRateInput = webchatInput.extend({
  conversationId: id,
  score: z.number().int('Pick a rating from 1 to 5').min(1, 'Pick a rating from 1 to 5').max(5, 'Pick a rating from 1 to 5'),
  comment: z.string().max(RATING_COMMENT_MAX, `A comment is at most ${RATING_COMMENT_MAX} characters`).nullable().optional(),
});
export const askRatingInput = spaceInput.extend({ channelId: id, askRating: z.boolean() });
export const webchatSendInput = webchatInput.extend({
  body,
  clientId,
  fileIds,
  name: z.string().trim().max(MESSAGE_LIMITS.visitorNameMax).optional(),
});
