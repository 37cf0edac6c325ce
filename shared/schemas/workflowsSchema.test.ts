import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { BusinessHours, WorkflowDefinition } from '../domain/workflowEngine';
import { businessHours, workflowDefinition, workflowDryRunInput, workflowIdInput, workflowReorderInput, workflowSaveInput } from './workflowsSchema';

/** Errors the way the tRPC error formatter shows them: "path: message". */
function problems(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

const ann = 'user_ann_1';
const bob = 'user_bob_2';
const space = 'space_0001';
const roundRobin = { kind: 'roundRobin', pool: { userIds: [ann, bob], onlineOnly: true, capacity: 5 } };
const def = (over: Record<string, unknown> = {}) => ({ trigger: 'conversation.opened', conditions: [], actions: [roundRobin], ...over });

describe('workflowDefinition', () => {
  it('parses a full definition, filling defaults', () => {
    const parsed = workflowDefinition.parse({
      trigger: 'message.received',
      conditions: [
        { kind: 'channel', channelIds: ['channel_web'] },
        { kind: 'contactTag', tag: ' VIP ', present: false },
        { kind: 'contactField', key: 'plan', equals: ' Pro ' },
        { kind: 'textContains', text: 'refund' },
        { kind: 'businessHours', inside: false },
      ],
      actions: [
        { kind: 'unassign' },
        { kind: 'assign', userId: ann },
        { kind: 'leastOpen', pool: { userIds: [bob] } },
        { kind: 'addTag', tag: 'vip' },
        { kind: 'removeTag', tag: 'new' },
        { kind: 'sendSnippet', snippetId: 'snippet_01' },
        { kind: 'sendText', text: 'Hi {{contact.firstName}}' },
        { kind: 'addComment', text: 'Routed' },
        { kind: 'close' },
      ],
    });
    expect(parsed.conditions[1]).toEqual({ kind: 'contactTag', tag: 'VIP', present: false });
    expect(parsed.actions[1]).toEqual({ kind: 'assign', userId: ann, onlineOnly: false, capacity: null });
    expect(parsed.actions[2]).toEqual({ kind: 'leastOpen', pool: { userIds: [bob], onlineOnly: false, capacity: null } });
    expect(workflowDefinition.parse({ trigger: 'conversation.closed', actions: [{ kind: 'sendText', text: 'Bye' }] }).conditions).toEqual([]);
  });

  it('parses into the engine’s types', () => {
    expectTypeOf<z.output<typeof workflowDefinition>>().toExtend<WorkflowDefinition>();
    expectTypeOf<z.output<typeof businessHours>>().toExtend<BusinessHours>();
  });

  it.each([
    { what: 'unknown trigger', input: def({ trigger: 'conversation.deleted' }), errors: ['trigger: Pick a trigger'] },
    { what: 'no actions', input: def({ actions: [] }), errors: ['actions: Add at least one action'] },
    { what: 'too many actions', input: def({ actions: Array(21).fill({ kind: 'unassign' }) }), errors: ['actions: At most 20 actions'] },
    { what: 'unknown action', input: def({ actions: [{ kind: 'explode' }] }), errors: ['actions.0.kind: Pick an action'] },
    { what: 'unknown condition', input: def({ conditions: [{ kind: 'moon' }] }), errors: ['conditions.0.kind: Pick a condition'] },
    { what: 'empty pool', input: def({ actions: [{ kind: 'roundRobin', pool: { userIds: [] } }] }), errors: ['actions.0.pool.userIds: Pick at least one member'] },
    { what: 'member twice', input: def({ actions: [{ kind: 'leastOpen', pool: { userIds: [ann, ann] } }] }), errors: ['actions.0.pool.userIds: A member is picked twice'] },
    { what: 'member not picked', input: def({ actions: [{ kind: 'assign', userId: '' }] }), errors: ['actions.0.userId: Pick a member'] },
    { what: 'member missing', input: def({ actions: [{ kind: 'assign' }] }), errors: ['actions.0.userId: Pick a member'] },
    { what: 'bad member id', input: def({ actions: [{ kind: 'assign', userId: 'a b' }] }), errors: ['actions.0.userId: Not a valid id for a member'] },
    { what: 'capacity 0', input: def({ actions: [{ kind: 'roundRobin', pool: { userIds: [ann], capacity: 0 } }] }), errors: ['actions.0.pool.capacity: Capacity is at least 1'] },
    { what: 'capacity 1001', input: def({ actions: [{ kind: 'assign', userId: ann, capacity: 1001 }] }), errors: ['actions.0.capacity: Capacity is at most 1,000'] },
    { what: 'capacity 2.5', input: def({ actions: [{ kind: 'assign', userId: ann, capacity: 2.5 }] }), errors: ['actions.0.capacity: Capacity is a whole number'] },
    { what: 'capacity as text', input: def({ actions: [{ kind: 'assign', userId: ann, capacity: '3' }] }), errors: ['actions.0.capacity: Capacity is a number, or empty for no limit'] },
    { what: 'empty tag', input: def({ actions: [{ kind: 'addTag', tag: '  ' }] }), errors: ['actions.0.tag: Enter a tag'] },
    { what: 'long tag', input: def({ actions: [{ kind: 'removeTag', tag: 'x'.repeat(41) }] }), errors: ['actions.0.tag: Tags are at most 40 characters'] },
    { what: 'no snippet', input: def({ actions: [{ kind: 'sendSnippet', snippetId: '' }] }), errors: ['actions.0.snippetId: Pick a snippet'] },
    { what: 'empty text', input: def({ actions: [{ kind: 'sendText', text: ' ' }] }), errors: ['actions.0.text: Write the message'] },
    { what: 'long text', input: def({ actions: [{ kind: 'sendText', text: 'x'.repeat(5001) }] }), errors: ['actions.0.text: The message is at most 5,000 characters'] },
    { what: 'unknown variable', input: def({ actions: [{ kind: 'sendText', text: 'Hi {{contact.age}}' }] }), errors: ['actions.0.text: Unknown variable {{contact.age}}'] },
    { what: 'empty comment', input: def({ actions: [{ kind: 'addComment', text: '' }] }), errors: ['actions.0.text: Write the comment'] },
    { what: 'no channel', input: def({ conditions: [{ kind: 'channel', channelIds: [] }] }), errors: ['conditions.0.channelIds: Pick at least one channel'] },
    { what: 'condition tag', input: def({ conditions: [{ kind: 'contactTag', tag: '' }] }), errors: ['conditions.0.tag: Enter a tag'] },
    {
      what: 'field key',
      input: def({ conditions: [{ kind: 'contactField', key: '1 plan', equals: 'x' }] }),
      errors: ['conditions.0.key: Field keys are up to 40 letters, digits or _, starting with a letter'],
    },
    { what: 'field value', input: def({ conditions: [{ kind: 'contactField', key: 'plan', equals: 'x'.repeat(201) }] }), errors: ['conditions.0.equals: The value is at most 200 characters'] },
    { what: 'contains nothing', input: def({ conditions: [{ kind: 'textContains', text: ' ' }] }), errors: ['conditions.0.text: Enter the text to look for'] },
    {
      what: 'assigning on close',
      input: def({ trigger: 'conversation.closed', actions: [{ kind: 'addTag', tag: 'done' }, roundRobin] }),
      errors: ['actions.1: A workflow on closed conversations cannot assign; pick another trigger or action'],
    },
    {
      what: 'actions after close',
      input: def({ actions: [{ kind: 'close' }, { kind: 'addTag', tag: 'late' }] }),
      errors: ['actions.1: Actions after “Close the conversation” never run; move the close to the end'],
    },
    {
      what: 'several problems at once',
      input: { trigger: 'conversation.opened', actions: [{ kind: 'assign', userId: '' }, { kind: 'roundRobin', pool: { userIds: [], capacity: -1 } }] },
      errors: ['actions.0.userId: Pick a member', 'actions.1.pool.userIds: Pick at least one member', 'actions.1.pool.capacity: Capacity is at least 1'],
    },
  ])('$what', ({ input, errors }) => {
    expect(problems(workflowDefinition, input)).toEqual(errors);
  });
});

describe('businessHours', () => {
  it('accepts days 0–6 with ordered, non-overlapping ranges, up to 24:00', () => {
    const hours = { timeZone: 'Europe/Berlin', days: { 1: [['09:00', '12:00'], ['13:00', '17:30']], 6: [['22:00', '24:00']] } };
    expect(businessHours.parse(hours)).toEqual({ timeZone: 'Europe/Berlin', days: { '1': hours.days[1], '6': hours.days[6] } });
  });

  it.each([
    { what: 'unknown zone', input: { timeZone: 'Mars/Olympus', days: {} }, errors: ['timeZone: Pick a valid time zone, like Europe/Berlin'] },
    { what: 'no zone', input: { timeZone: '', days: {} }, errors: ['timeZone: Pick a time zone'] },
    { what: 'end before start', input: { timeZone: 'UTC', days: { 1: [['17:00', '09:00']] } }, errors: ['days.1.0.1: The end must be after the start'] },
    { what: 'empty range', input: { timeZone: 'UTC', days: { 1: [['09:00', '09:00']] } }, errors: ['days.1.0.1: The end must be after the start'] },
    { what: 'bad time', input: { timeZone: 'UTC', days: { 2: [['9:00', '17:00']] } }, errors: ['days.2.0.0: Times are HH:MM, like 09:00 (24:00 for midnight at the end of a day)'] },
    { what: '25 o’clock', input: { timeZone: 'UTC', days: { 2: [['09:00', '25:00']] } }, errors: ['days.2.0.1: Times are HH:MM, like 09:00 (24:00 for midnight at the end of a day)'] },
    { what: 'overlap', input: { timeZone: 'UTC', days: { 3: [['12:00', '14:00'], ['09:00', '12:30']] } }, errors: ['days.3.0: These hours overlap another range of the same day'] },
    { what: 'day 7', input: { timeZone: 'UTC', days: { 7: [] } }, errors: ['days.7: Days are 0 (Sunday) to 6 (Saturday)'] },
  ])('$what', ({ input, errors }) => {
    expect(problems(businessHours, input)).toEqual(errors);
  });
});

describe('workflow inputs', () => {
  it('save: space, optional id, name, enabled (default on), definition', () => {
    expect(workflowSaveInput.parse({ spaceId: space, name: ' Round robin ', definition: def() })).toMatchObject({ name: 'Round robin', enabled: true });
    expect(workflowSaveInput.parse({ spaceId: space, workflowId: 'workflow_1', name: 'X', enabled: false, definition: def() })).toMatchObject({ workflowId: 'workflow_1', enabled: false });
    expect(problems(workflowSaveInput, { spaceId: space, name: '', definition: def({ actions: [] }) })).toEqual([
      'name: Give the workflow a name',
      'definition.actions: Add at least one action',
    ]);
    expect(problems(workflowSaveInput, { spaceId: space, name: 'x'.repeat(81), definition: def() })).toEqual(['name: Names are at most 80 characters']);
  });

  it('id and reorder', () => {
    expect(problems(workflowIdInput, { spaceId: space, workflowId: 'workflow_1' })).toEqual([]);
    expect(problems(workflowIdInput, { spaceId: space, workflowId: 'x.y' })).toEqual(['workflowId: Not a valid id']);
    expect(workflowReorderInput.parse({ spaceId: space, order: ['workflow_2', 'workflow_1'] }).order).toEqual(['workflow_2', 'workflow_1']);
    expect(problems(workflowReorderInput, { spaceId: space, order: ['workflow_1', 'workflow_1'] })).toEqual(['order: A workflow is listed twice']);
  });

  it('dry run: a saved workflow or a definition, on a conversation', () => {
    expect(problems(workflowDryRunInput, { spaceId: space, workflowId: 'workflow_1', conversationId: 'conversation_1' })).toEqual([]);
    expect(problems(workflowDryRunInput, { spaceId: space, definition: def(), conversationId: 'conversation_1' })).toEqual([]);
    expect(problems(workflowDryRunInput, { spaceId: space, conversationId: 'conversation_1' })).toEqual(['workflowId: Pick a workflow to try, or send its definition']);
    expect(problems(workflowDryRunInput, { spaceId: space, definition: def({ actions: [] }) })).toEqual([
      'definition.actions: Add at least one action',
      'conversationId: Invalid input: expected string, received undefined',
    ]);
  });
});
