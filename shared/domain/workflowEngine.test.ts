import { describe, expect, it } from 'vitest';
import { conditionHolds, runWorkflows, summarizeRun, type Action, type AssignPool, type Condition, type Facts, type Workflow } from './workflowEngine';

const MONDAY_0930_BERLIN = Date.parse('2030-01-07T08:30Z');
const member = (userId: string, openCount = 0, online = true) => ({ userId, online, openCount });
const pool = (userIds: string[], onlineOnly = false, capacity: number | null = null): AssignPool => ({ userIds, onlineOnly, capacity });

function facts(over: Partial<Facts> = {}): Facts {
  return {
    trigger: 'conversation.opened',
    causedBy: null,
    now: MONDAY_0930_BERLIN,
    businessHours: null,
    conversation: { id: 'c1', channelId: 'web', assigneeId: null, status: 'open' },
    contact: { tags: ['VIP'], fields: { plan: ' Pro ' } },
    message: { text: 'Hello, I need a REFUND please' },
    members: [member('ann'), member('bob'), member('cat')],
    roundRobinLast: {},
    ...over,
  };
}
let seq = 0;
function wf(actions: Action[], over: Partial<Workflow> = {}): Workflow {
  seq += 1;
  return { id: `w${seq}`, name: `Workflow ${seq}`, enabled: true, position: seq, trigger: 'conversation.opened', conditions: [], ...over, actions };
}
/** The done effects or skip reasons of each run, compactly. */
const outcomes = (runs: ReturnType<typeof runWorkflows>) =>
  runs.map((r) => r.actions.map((a) => (a.status === 'done' ? `${a.effect.kind}${'userId' in a.effect ? ` ${a.effect.userId}` : ''}` : `skipped: ${a.why}`)));

describe('conditions', () => {
  const berlin = { timeZone: 'Europe/Berlin', days: { 1: [['09:00', '17:00']] as Array<[string, string]> } };
  it.each<{ condition: Condition; over?: Partial<Facts>; ok: boolean }>([
    { condition: { kind: 'channel', channelIds: ['mail', 'web'] }, ok: true },
    { condition: { kind: 'channel', channelIds: ['mail'] }, ok: false },
    { condition: { kind: 'contactTag', tag: 'vip', present: true }, ok: true },
    { condition: { kind: 'contactTag', tag: ' VIP ', present: false }, ok: false },
    { condition: { kind: 'contactTag', tag: 'spam', present: true }, ok: false },
    { condition: { kind: 'contactTag', tag: 'spam', present: false }, ok: true },
    { condition: { kind: 'contactField', key: 'plan', equals: 'pro' }, ok: true },
    { condition: { kind: 'contactField', key: 'plan', equals: 'Free' }, ok: false },
    { condition: { kind: 'contactField', key: 'country', equals: 'DE' }, ok: false },
    { condition: { kind: 'contactField', key: 'country', equals: '' }, ok: true },
    { condition: { kind: 'textContains', text: 'refund' }, ok: true },
    { condition: { kind: 'textContains', text: 'invoice' }, ok: false },
    { condition: { kind: 'textContains', text: 'refund' }, over: { message: null }, ok: false },
    { condition: { kind: 'businessHours', inside: true }, over: { businessHours: null }, ok: true },
    { condition: { kind: 'businessHours', inside: false }, over: { businessHours: null }, ok: false },
    { condition: { kind: 'businessHours', inside: true }, over: { businessHours: berlin }, ok: true },
    { condition: { kind: 'businessHours', inside: true }, over: { businessHours: { ...berlin, timeZone: 'UTC' } }, ok: false },
    { condition: { kind: 'businessHours', inside: false }, over: { businessHours: { ...berlin, timeZone: 'UTC' } }, ok: true },
    { condition: { kind: 'businessHours', inside: true }, over: { businessHours: berlin, now: Date.parse('2030-01-05T08:30Z') }, ok: false },
    { condition: { kind: 'businessHours', inside: false }, over: { businessHours: berlin, now: Date.parse('2030-01-06T08:30Z') }, ok: true },
  ])('$condition.kind $condition → $ok', ({ condition, over, ok }) => {
    expect(conditionHolds(condition, facts(over))).toBe(ok);
  });

  it('evaluates and records every condition, and a failing one means no actions', () => {
    const conditions: Condition[] = [
      { kind: 'channel', channelIds: ['mail'] },
      { kind: 'textContains', text: 'refund' },
      { kind: 'contactTag', tag: 'spam', present: true },
    ];
    const [run] = runWorkflows([wf([{ kind: 'close' }], { conditions })], facts());
    expect(run).toMatchObject({ matched: false, actions: [] });
    expect(run!.conditions).toEqual([
      { condition: conditions[0], ok: false },
      { condition: conditions[1], ok: true },
      { condition: conditions[2], ok: false },
    ]);
  });

  it('no conditions: always matches', () => {
    expect(runWorkflows([wf([{ kind: 'close' }])], facts())[0]).toMatchObject({ matched: true, conditions: [] });
  });
});

describe('round robin', () => {
  it('is fair over 1,000 conversations among 3 members, strictly rotating', () => {
    const workflow = wf([{ kind: 'roundRobin', pool: pool(['ann', 'bob', 'cat'], true) }], { id: 'rr' });
    let last: string | null = null;
    const picked: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const [run] = runWorkflows([workflow], facts({ conversation: { id: `c${i}`, channelId: 'web', assigneeId: null, status: 'open' }, roundRobinLast: { rr: last } }));
      last = run!.roundRobinLast ?? null;
      picked.push(last!);
    }
    const counts = Object.fromEntries(['ann', 'bob', 'cat'].map((u) => [u, picked.filter((p) => p === u).length]));
    expect(counts).toEqual({ ann: 334, bob: 333, cat: 333 });
    picked.forEach((userId, i) => expect(userId).toBe(['ann', 'bob', 'cat'][i % 3]));
  });

  it.each([
    { what: 'continues from the durable cursor', cursor: 'ann', members: [member('ann'), member('bob'), member('cat')], result: 'assign bob' },
    { what: 'wraps after the last member', cursor: 'cat', members: [member('ann'), member('bob'), member('cat')], result: 'assign ann' },
    { what: 'skips offline members', cursor: 'ann', members: [member('ann'), member('bob', 0, false), member('cat')], result: 'assign cat' },
    { what: 'skips a member at capacity', cursor: 'ann', members: [member('ann'), member('bob', 3), member('cat')], result: 'assign cat' },
    { what: 'nobody online', cursor: null, members: [member('ann', 0, false), member('bob', 0, false), member('cat', 0, false)], result: 'skipped: No chosen member is online' },
    { what: 'all at capacity', cursor: null, members: [member('ann', 3), member('bob', 3), member('cat', 5, false)], result: 'skipped: No online member under capacity' },
    { what: 'members not in the space', cursor: null, members: [member('dan')], result: 'skipped: None of the chosen members is in this space' },
  ])('$what', ({ cursor, members, result }) => {
    const workflow = wf([{ kind: 'roundRobin', pool: pool(['ann', 'bob', 'cat'], true, 3) }]);
    const [run] = runWorkflows([workflow], facts({ members, roundRobinLast: { [workflow.id]: cursor } }));
    expect(outcomes([run!])).toEqual([[result]]);
    expect(run!.roundRobinLast).toBe(result.startsWith('assign') ? result.slice('assign '.length) : undefined);
  });

  it('each workflow keeps its own cursor', () => {
    const a = wf([{ kind: 'roundRobin', pool: pool(['ann', 'bob', 'cat']) }], { conditions: [{ kind: 'channel', channelIds: ['mail'] }] });
    const b = wf([{ kind: 'roundRobin', pool: pool(['ann', 'bob', 'cat']) }]);
    const runs = runWorkflows([a, b], facts({ roundRobinLast: { [a.id]: 'ann', [b.id]: 'bob' } }));
    expect(outcomes(runs)).toEqual([[], ['assign cat']]);
  });
});

describe('assignment actions', () => {
  const assign = (userId: string, onlineOnly = false, capacity: number | null = null): Action => ({ kind: 'assign', userId, onlineOnly, capacity });
  it.each<{ what: string; action: Action; over?: Partial<Facts>; result: string }>([
    { what: 'assigns a fixed member', action: assign('bob'), result: 'assign bob' },
    { what: 'reassigns from someone else', action: assign('bob'), over: { conversation: { id: 'c1', channelId: 'web', assigneeId: 'ann', status: 'open' } }, result: 'assign bob' },
    { what: 'already assigned to them', action: assign('bob'), over: { conversation: { id: 'c1', channelId: 'web', assigneeId: 'bob', status: 'open' } }, result: 'skipped: Already assigned to them' },
    { what: 'never a non-member', action: assign('ghost'), result: 'skipped: They are not a member of this space' },
    { what: 'online-only and offline', action: assign('bob', true), over: { members: [member('bob', 0, false)] }, result: 'skipped: They are offline' },
    { what: 'online-only and away', action: assign('bob', true), over: { members: [{ ...member('bob', 0, false), away: true }] }, result: 'skipped: They are away' },
    { what: 'at capacity', action: assign('bob', false, 2), over: { members: [member('bob', 2)] }, result: 'skipped: They are at capacity (2 open, limit 2)' },
    { what: 'under capacity', action: assign('bob', true, 2), over: { members: [member('bob', 1)] }, result: 'assign bob' },
    { what: 'least open picks the fewest', action: { kind: 'leastOpen', pool: pool(['ann', 'bob', 'cat']) }, over: { members: [member('ann', 4), member('bob', 2), member('cat', 3)] }, result: 'assign bob' },
    { what: 'least open breaks ties by pool order', action: { kind: 'leastOpen', pool: pool(['cat', 'ann', 'bob']) }, over: { members: [member('ann', 1), member('bob', 2), member('cat', 1)] }, result: 'assign cat' },
    { what: 'least open online-only', action: { kind: 'leastOpen', pool: pool(['ann', 'bob'], true) }, over: { members: [member('ann', 0, false), member('bob', 9)] }, result: 'assign bob' },
    { what: 'least open never picks a non-member', action: { kind: 'leastOpen', pool: pool(['ghost', 'bob']) }, over: { members: [member('bob', 9)] }, result: 'assign bob' },
    { what: 'least open, all at capacity', action: { kind: 'leastOpen', pool: pool(['ann', 'bob'], false, 1) }, over: { members: [member('ann', 1), member('bob', 1)] }, result: 'skipped: No member under capacity' },
    { what: 'pools leave an assigned conversation alone', action: { kind: 'roundRobin', pool: pool(['ann']) }, over: { conversation: { id: 'c1', channelId: 'web', assigneeId: 'bob', status: 'open' } }, result: 'skipped: Already assigned' },
    { what: 'unassign', action: { kind: 'unassign' }, over: { conversation: { id: 'c1', channelId: 'web', assigneeId: 'bob', status: 'open' } }, result: 'unassign' },
    { what: 'unassign with nobody assigned', action: { kind: 'unassign' }, result: 'skipped: Nobody is assigned' },
  ])('$what', ({ action, over, result }) => {
    expect(outcomes(runWorkflows([wf([action])], facts(over)))).toEqual([[result]]);
  });

  it.each<Action>([assign('ann'), { kind: 'roundRobin', pool: pool(['ann']) }, { kind: 'leastOpen', pool: pool(['ann']) }])(
    'a conversation.closed workflow does not $kind',
    (action) => {
      const closed = facts({ trigger: 'conversation.closed', conversation: { id: 'c1', channelId: 'web', assigneeId: null, status: 'closed' } });
      expect(outcomes(runWorkflows([wf([action, { kind: 'sendText', text: 'Bye' }], { trigger: 'conversation.closed' })], closed))).toEqual([
        ['skipped: Workflows on a closed conversation do not assign', 'sendText'],
      ]);
    },
  );

  it('updates open counts as assignments happen (picked +1, previous −1)', () => {
    const members = [member('ann', 1), member('bob', 1)];
    const first = wf([{ kind: 'leastOpen', pool: pool(['ann', 'bob']) }]);
    const second = wf([{ kind: 'unassign' }]);
    // ann took it (2) and gave it back (1): a tie with bob, so bob, first in this pool, gets it.
    const third = wf([{ kind: 'leastOpen', pool: pool(['bob', 'ann']) }]);
    expect(outcomes(runWorkflows([first, second, third], facts({ members })))).toEqual([['assign ann'], ['unassign'], ['assign bob']]);
    // Starting lower, ann is back at 0 after the unassign and wins outright.
    const lower = [member('ann', 0), member('bob', 1)];
    expect(outcomes(runWorkflows([first, second, third], facts({ members: lower })))).toEqual([['assign ann'], ['unassign'], ['assign ann']]);
    // Capacity sees the count: bob took it (1 of 1); once reassigned to ann he is under capacity again.
    const cap = [wf([assign('bob', false, 1)]), wf([assign('ann')]), wf([assign('bob', false, 1)])];
    expect(outcomes(runWorkflows(cap, facts({ members: [member('ann'), member('bob')] })))).toEqual([['assign bob'], ['assign ann'], ['assign bob']]);
  });
});

describe('running workflows', () => {
  it('runs enabled workflows of this trigger in position order; disabled and other triggers are not considered', () => {
    const list = [
      wf([{ kind: 'addTag', tag: 'c' }], { id: 'c', position: 2 }),
      wf([{ kind: 'addTag', tag: 'a' }], { id: 'a', position: 0 }),
      wf([{ kind: 'addTag', tag: 'off' }], { id: 'off', position: 1, enabled: false }),
      wf([{ kind: 'addTag', tag: 'msg' }], { id: 'msg', position: 1, trigger: 'message.received' }),
      wf([{ kind: 'addTag', tag: 'b' }], { id: 'b', position: 1 }),
    ];
    expect(runWorkflows(list, facts()).map((r) => r.workflowId)).toEqual(['a', 'b', 'c']);
    expect(runWorkflows(list, facts({ trigger: 'message.received' })).map((r) => r.workflowId)).toEqual(['msg']);
  });

  it('loop guard: the workflow that caused the event does not run again; the others still do', () => {
    const tagger = wf([{ kind: 'addTag', tag: 'seen' }], { trigger: 'contact.tagAdded' });
    const other = wf([{ kind: 'sendText', text: 'Thanks' }], { trigger: 'contact.tagAdded' });
    const event = facts({ trigger: 'contact.tagAdded', contact: { tags: ['seen'], fields: {}, addedTag: 'seen' }, causedBy: tagger.id });
    const runs = runWorkflows([tagger, other], event);
    expect(runs.map((r) => r.workflowId)).toEqual([other.id]);
    expect(outcomes(runs)).toEqual([['sendText']]);
  });

  it('later workflows see the effects of earlier ones', () => {
    const tag = wf([{ kind: 'addTag', tag: 'urgent' }, { kind: 'removeTag', tag: 'vip' }]);
    const onUrgent = wf([{ kind: 'assign', userId: 'ann', onlineOnly: false, capacity: null }], { conditions: [{ kind: 'contactTag', tag: 'URGENT', present: true }] });
    const onVip = wf([{ kind: 'addComment', text: 'VIP!' }], { conditions: [{ kind: 'contactTag', tag: 'vip', present: true }] });
    const rr = wf([{ kind: 'roundRobin', pool: pool(['bob']) }, { kind: 'addTag', tag: 'urgent' }]);
    const runs = runWorkflows([tag, onUrgent, onVip, rr], facts());
    expect(runs.map((r) => r.matched)).toEqual([true, true, false, true]);
    expect(outcomes(runs)).toEqual([['addTag', 'removeTag'], ['assign ann'], [], ['skipped: Already assigned', 'skipped: The contact already has the tag “urgent”']]);
  });

  it('close stops the rest of that run; later workflows see a closed conversation', () => {
    const closer = wf([{ kind: 'addTag', tag: 'spam' }, { kind: 'close' }, { kind: 'sendText', text: 'x' }, { kind: 'unassign' }]);
    const later = wf([{ kind: 'roundRobin', pool: pool(['ann']) }, { kind: 'close' }, { kind: 'addComment', text: 'Closed as spam' }]);
    const runs = runWorkflows([closer, later], facts({ conversation: { id: 'c1', channelId: 'web', assigneeId: 'bob', status: 'open' } }));
    expect(outcomes(runs)).toEqual([
      ['addTag', 'close', 'skipped: Conversation closed', 'skipped: Conversation closed'],
      ['skipped: The conversation is closed', 'skipped: Already closed', 'addComment'],
    ]);
  });

  it('is deterministic and leaves its inputs alone', () => {
    const list = [wf([{ kind: 'roundRobin', pool: pool(['ann', 'bob']) }, { kind: 'addTag', tag: 'new' }]), wf([{ kind: 'unassign' }, { kind: 'leastOpen', pool: pool(['bob', 'ann']) }])];
    const input = facts({ roundRobinLast: { [list[0]!.id]: 'ann' } });
    const before = structuredClone({ list, input });
    const first = runWorkflows(list, input);
    expect(runWorkflows(list, input)).toEqual(first);
    expect({ list, input }).toEqual(before);
    expect(outcomes(first)).toEqual([['assign bob', 'addTag'], ['unassign', 'assign bob']]);
  });

  it('no workflows: no runs', () => expect(runWorkflows([], facts())).toEqual([]));
});

describe('summarizeRun', () => {
  it('writes one activity line per action, naming members through the caller', () => {
    const workflow = wf(
      [
        { kind: 'roundRobin', pool: pool(['ann']) },
        { kind: 'addTag', tag: 'vip' },
        { kind: 'sendSnippet', snippetId: 's1' },
        { kind: 'addComment', text: 'note' },
        { kind: 'close' },
        { kind: 'unassign' },
      ],
      { name: 'Round robin' },
    );
    const [run] = runWorkflows([workflow], facts());
    expect(summarizeRun(run!, (id) => (id === 'ann' ? 'Ann Agent' : id))).toEqual([
      'Workflow “Round robin” assigned this to Ann Agent',
      'Workflow “Round robin” did not add a tag: The contact already has the tag “vip”',
      'Workflow “Round robin” sent a snippet',
      'Workflow “Round robin” added a comment',
      'Workflow “Round robin” closed this',
      'Workflow “Round robin” did not unassign: Conversation closed',
    ]);
  });

  it('says nothing for a run whose conditions did not match, and ids by default', () => {
    const [unmatched] = runWorkflows([wf([{ kind: 'close' }], { conditions: [{ kind: 'channel', channelIds: ['mail'] }] })], facts());
    expect(summarizeRun(unmatched!)).toEqual([]);
    const [run] = runWorkflows([wf([{ kind: 'assign', userId: 'bob', onlineOnly: false, capacity: null }], { name: 'X' })], facts());
    expect(summarizeRun(run!)).toEqual(['Workflow “X” assigned this to bob']);
  });
});

describe('snooze', () => {
  it('a snooze action snoozes an open conversation for its hours or until the customer writes; not a closed one', () => {
    const later = wf([{ kind: 'snooze', hours: 24 }], { trigger: 'message.received' });
    const untilReply = wf([{ kind: 'snooze', hours: null }], { trigger: 'message.received' });
    const open = runWorkflows([later, untilReply], facts({ trigger: 'message.received' }));
    expect(open.flatMap((r) => r.actions.map((a) => (a.status === 'done' ? a.effect : a.why)))).toEqual([
      { kind: 'snooze', hours: 24 },
      { kind: 'snooze', hours: null },
    ]);
    expect(summarizeRun(open[0]!)).toEqual(['Workflow “' + later.name + '” snoozed this for 24 hours']);
    const closed = runWorkflows([later], facts({ trigger: 'message.received', conversation: { id: 'c1', channelId: 'web', assigneeId: null, status: 'closed' } }));
    expect(outcomes(closed)).toEqual([['skipped: The conversation is closed']]);
    const onClosed = runWorkflows([wf([{ kind: 'snooze', hours: 1 }], { trigger: 'conversation.closed' })], facts({ trigger: 'conversation.closed' }));
    expect(outcomes(onClosed)).toEqual([['skipped: The conversation is closed']]);
  });

  it('"A snoozed conversation comes back" is a trigger of its own', () => {
    const back = wf([{ kind: 'addTag', tag: 'follow-up' }], { trigger: 'conversation.unsnoozed' });
    expect(runWorkflows([back], facts({ trigger: 'conversation.unsnoozed' })).map((r) => r.workflowId)).toEqual([back.id]);
    expect(runWorkflows([back], facts({ trigger: 'message.received' }))).toEqual([]);
  });
});
