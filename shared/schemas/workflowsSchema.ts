import { z } from 'zod';
import { isTimeZone, minutesOf } from '../domain/businessHours';
import { unknownVariables } from '../domain/snippetRules';
import { TRIGGERS, WORKFLOW_LIMITS as L, type Action } from '../domain/workflowEngine';
import { id, spaceInput } from './commonSchema';

/**
 * Workflow definitions and business hours. Every message says what to do, and the
 * issue's path names the field ("definition.actions.0.pool.userIds: Pick at least one member").
 */

const ID = /^[A-Za-z0-9_-]{8,64}$/;
/** A reference the builder picks from a list: empty means "not picked yet", anything else must be an id. */
const ref = (what: string) => z.string({ error: `Pick ${what}` }).min(1, { error: `Pick ${what}`, abort: true }).regex(ID, `Not a valid id for ${what}`);

const tag = z.string().trim().min(1, 'Enter a tag').max(L.tagMax, `Tags are at most ${L.tagMax} characters`);
const withVariables = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Write the ${what}`)
    .max(L.textMax, `The ${what} is at most ${L.textMax.toLocaleString('en-US')} characters`)
    .superRefine((text, ctx) => {
      const unknown = unknownVariables(text);
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `Unknown variable ${unknown.map((v) => `{{${v}}}`).join(', ')}` });
    });
const noDuplicates = (ids: string[]) => new Set(ids).size === ids.length;

export const capacity = z
  .number({ error: 'Capacity is a number, or empty for no limit' })
  .int('Capacity is a whole number')
  .min(1, 'Capacity is at least 1')
  .max(L.capacityMax, `Capacity is at most ${L.capacityMax.toLocaleString('en-US')}`)
  .nullable()
  .default(null);
const onlineOnly = z.boolean().default(false);

export const assignPool = z.object({
  userIds: z
    .array(ref('a member'))
    .min(1, 'Pick at least one member')
    .max(L.poolMax, `At most ${L.poolMax} members`)
    .refine(noDuplicates, 'A member is picked twice'),
  onlineOnly,
  capacity,
});

export const condition = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('channel'),
      channelIds: z
        .array(ref('a channel'))
        .min(1, 'Pick at least one channel')
        .max(L.channelsMax, `At most ${L.channelsMax} channels`)
        .refine(noDuplicates, 'A channel is picked twice'),
    }),
    z.object({ kind: z.literal('contactTag'), tag, present: z.boolean().default(true) }),
    z.object({
      kind: z.literal('contactField'),
      key: z
        .string()
        .trim()
        .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'Field keys are up to 40 letters, digits or _, starting with a letter'),
      // Empty means "the field is empty or missing".
      equals: z.string().trim().max(L.fieldValueMax, `The value is at most ${L.fieldValueMax} characters`),
    }),
    z.object({
      kind: z.literal('textContains'),
      text: z.string().trim().min(1, 'Enter the text to look for').max(L.containsMax, `The text is at most ${L.containsMax} characters`),
    }),
    z.object({ kind: z.literal('businessHours'), inside: z.boolean().default(true) }),
  ],
  { error: 'Pick a condition' },
);

export const action = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('assign'), userId: ref('a member'), onlineOnly, capacity }),
    z.object({ kind: z.literal('roundRobin'), pool: assignPool }),
    z.object({ kind: z.literal('leastOpen'), pool: assignPool }),
    z.object({ kind: z.literal('unassign') }),
    z.object({ kind: z.literal('addTag'), tag }),
    z.object({ kind: z.literal('removeTag'), tag }),
    z.object({ kind: z.literal('sendSnippet'), snippetId: ref('a snippet') }),
    z.object({ kind: z.literal('sendText'), text: withVariables('message') }),
    z.object({ kind: z.literal('close') }),
    z.object({
      kind: z.literal('snooze'),
      hours: z.number().int('Snooze for a whole number of hours').min(1, 'Snooze for 1 hour or more').max(L.snoozeHoursMax, 'Snooze for a year at most').nullable(),
    }),
    z.object({
      kind: z.literal('addComment'),
      text: z.string().trim().min(1, 'Write the comment').max(L.textMax, `The comment is at most ${L.textMax.toLocaleString('en-US')} characters`),
    }),
  ],
  { error: 'Pick an action' },
);

const assigns = (a: Action) => a.kind === 'assign' || a.kind === 'roundRobin' || a.kind === 'leastOpen';

export const workflowDefinition = z
  .object({
    trigger: z.enum(TRIGGERS, { error: 'Pick a trigger' }),
    conditions: z.array(condition).max(L.conditionsMax, `At most ${L.conditionsMax} conditions`).default([]),
    actions: z.array(action).min(1, 'Add at least one action').max(L.actionsMax, `At most ${L.actionsMax} actions`),
  })
  .superRefine((def, ctx) => {
    def.actions.forEach((a, i) => {
      // Closing unassigns everyone; the engine would skip these, so say so before saving.
      if (def.trigger === 'conversation.closed' && assigns(a))
        ctx.addIssue({ code: 'custom', path: ['actions', i], message: 'A workflow on closed conversations cannot assign; pick another trigger or action' });
    });
    const close = def.actions.findIndex((a) => a.kind === 'close');
    if (close !== -1 && close < def.actions.length - 1)
      ctx.addIssue({ code: 'custom', path: ['actions', close + 1], message: 'Actions after “Close the conversation” never run; move the close to the end' });
  });

const time = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Times are HH:MM, like 09:00 (24:00 for midnight at the end of a day)');
const range = z.tuple([time, time]).refine(
  ([start, end]) => {
    const from = minutesOf(start);
    const to = minutesOf(end);
    // A malformed time already has its own message.
    return from === null || to === null || from < to;
  },
  { error: 'The end must be after the start', path: [1] },
);

export const businessHours = z.object({
  timeZone: z.string().trim().min(1, { error: 'Pick a time zone', abort: true }).refine(isTimeZone, 'Pick a valid time zone, like Europe/Berlin'),
  days: z.record(
    z.string().regex(/^[0-6]$/, 'Days are 0 (Sunday) to 6 (Saturday)'),
    z
      .array(range)
      .max(L.rangesPerDay, `At most ${L.rangesPerDay} ranges a day`)
      .superRefine((ranges, ctx) => {
        const sorted = ranges.map(([s, e], i) => ({ s: minutesOf(s) ?? 0, e: minutesOf(e) ?? 0, i })).sort((a, b) => a.s - b.s);
        for (let k = 1; k < sorted.length; k++)
          if (sorted[k]!.s < sorted[k - 1]!.e) ctx.addIssue({ code: 'custom', path: [sorted[k]!.i], message: 'These hours overlap another range of the same day' });
      }),
    { error: (issue) => (issue.code === 'invalid_key' ? 'Days are 0 (Sunday) to 6 (Saturday)' : undefined) },
  ),
});
/** The name the admin router imports. */
export const businessHoursInput = businessHours;

const name = z.string().trim().min(1, 'Give the workflow a name').max(L.nameMax, `Names are at most ${L.nameMax} characters`);

export const workflowSaveInput = spaceInput.extend({
  /** Absent: a new workflow. */
  workflowId: id.optional(),
  name,
  enabled: z.boolean().default(true),
  definition: workflowDefinition,
});
export const workflowIdInput = spaceInput.extend({ workflowId: id });
export const workflowReorderInput = spaceInput.extend({
  order: z.array(id).max(500).refine(noDuplicates, 'A workflow is listed twice'),
});
/** Try a saved workflow (workflowId) or the builder's unsaved one (definition) on a conversation. */
export const workflowDryRunInput = spaceInput
  .extend({ workflowId: id.optional(), definition: workflowDefinition.optional(), conversationId: id })
  .refine((input) => input.workflowId !== undefined || input.definition !== undefined, {
    error: 'Pick a workflow to try, or send its definition',
    path: ['workflowId'],
  });

export type WorkflowDefinitionInput = z.input<typeof workflowDefinition>;
export type BusinessHoursInput = z.output<typeof businessHours>;
export type WorkflowSaveInput = z.output<typeof workflowSaveInput>;
