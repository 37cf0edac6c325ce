import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, failed, ok, type Browser, type CallResult, type InputOf, type Person } from '../testing/harness';
import { arrive, conversationRow, rows, startWorld, type World } from '../testing/messages';

/**
 * The workflows router over real HTTP: who may call what, bad definitions refused naming the
 * field, and the dry run. The engine in the real message flow is in ../workflows/run.test.ts and
 * ../workflows/sweep.test.ts.
 */
type Definition = InputOf<'workflows.save'>['definition'];
type Action = Definition['actions'][number];

let w: World;
let mona: Person; // a manager of space A (Olivia, the owner, is a member of B too; Mona is not)
let parked: string; // a workflow of A on a trigger that never fires in these tests
let theirs: string; // a workflow of B
let sample: string; // an open conversation of A
let theirConversation: string;
let theirSnippet: string;

/** Saved here without side effects: contact tags do not exist yet, so this trigger never fires. */
const idle = (actions: Action[]): Definition => ({ trigger: 'contact.tagAdded', actions });
const office = { timeZone: 'Europe/Berlin', days: { 1: [['09:00', '17:00']], 2: [['09:00', '17:00']] } } as InputOf<'workflows.setBusinessHours'>['hours'];

const db = () => w.app.kaon.deps.db;
/** Everything the workflows procedures could write, to compare before and after a refused call. */
const written = () => ({
  workflows: db().prepare('SELECT id, space_id, name, enabled, position, definition, round_robin_last, updated_at FROM workflows ORDER BY id').all(),
  runs: (db().prepare('SELECT count(*) AS n FROM workflow_runs').get() as { n: number }).n,
  hours: db().prepare('SELECT id, business_hours FROM spaces ORDER BY id').all(),
});
const workflowIds = (spaceId: string) => (db().prepare('SELECT id FROM workflows WHERE space_id = ? ORDER BY position').all(spaceId) as Array<{ id: string }>).map((r) => r.id);

beforeAll(async () => {
  w = await startWorld();
  mona = await addMember(w.app, w.owner.browser, w.a.id, 'manager', { name: 'Mona Manager', email: 'mona@example.com' });
  parked = ok(await mona.browser.mutate('workflows.save', { spaceId: w.a.id, name: 'Parked', definition: idle([{ kind: 'assign', userId: w.alice.user.id }]) })).id;
  theirs = ok(await w.xavier.browser.mutate('workflows.save', { spaceId: w.b.id, name: 'Theirs', definition: idle([{ kind: 'assign', userId: w.xavier.user.id }]) })).id;
  sample = (await (await arrive(w.app, w.a.chatKey)).say('I need a refund please')).conversationId;
  theirConversation = (await (await arrive(w.app, w.b.chatKey)).say('Hello B')).conversationId;
  theirSnippet = ok(await w.xavier.browser.mutate('snippets.create', { spaceId: w.b.id, name: 'Hi', shortcut: 'hi', body: 'Hi {{contact.firstName}}' })).id;
});
afterAll(() => w.app.close());

type Call = (b: Browser) => Promise<CallResult<unknown>>;

/** Every workflows.* procedure with a valid input for `spaceId` (delete last: it removes `workflowId`). */
function procedures(spaceId: string, workflowId: string, conversationId: string): Record<string, Call> {
  return {
    'workflows.list': (b) => b.query('workflows.list', { spaceId }),
    'workflows.save': (b) => b.mutate('workflows.save', { spaceId, name: 'New one', definition: idle([{ kind: 'unassign' }]) }),
    'workflows.setEnabled': (b) => b.mutate('workflows.setEnabled', { spaceId, workflowId, enabled: false }),
    'workflows.reorder': (b) => b.mutate('workflows.reorder', { spaceId, order: workflowIds(spaceId).reverse() }),
    'workflows.runs': (b) => b.query('workflows.runs', { spaceId, workflowId }),
    'workflows.dryRun': (b) => b.query('workflows.dryRun', { spaceId, workflowId, conversationId }),
    'workflows.businessHours': (b) => b.query('workflows.businessHours', { spaceId }),
    'workflows.setBusinessHours': (b) => b.mutate('workflows.setBusinessHours', { spaceId, hours: office }),
    'workflows.online': (b) => b.query('workflows.online', { spaceId }),
    'workflows.delete': (b) => b.mutate('workflows.delete', { spaceId, workflowId }),
  };
}
/** Any member may read the business hours and who is online (the builder and the composer show them). */
const MEMBER_READS = ['workflows.businessHours', 'workflows.online'];

describe('permissions', () => {
  it('agents are FORBIDDEN from every procedure that manages workflows or settings; nothing is written', async () => {
    const before = written();
    for (const [path, call] of Object.entries(procedures(w.a.id, parked, sample))) {
      const res = await call(w.alice.browser);
      if (MEMBER_READS.includes(path)) ok(res);
      else expect(failed(res), path).toMatchObject({ code: 'FORBIDDEN', message: 'Only owners and managers can do this.' });
    }
    expect(written()).toEqual(before);
  });

  it('managers and owners may call every procedure', async () => {
    for (const person of [mona, w.owner]) {
      const mine = ok(await person.browser.mutate('workflows.save', { spaceId: w.a.id, name: 'Mine', definition: idle([{ kind: 'unassign' }]) }));
      for (const [path, call] of Object.entries(procedures(w.a.id, mine.id, sample))) {
        const res = await call(person.browser);
        expect(res.ok, `${path}: ${res.ok ? '' : res.error.message}`).toBe(true);
      }
      expect(workflowIds(w.a.id)).not.toContain(mine.id);
    }
    // What they did stuck: business hours set, the saved ones listed.
    expect(ok(await w.alice.browser.query('workflows.businessHours', { spaceId: w.a.id }))).toEqual(office);
    expect(ok(await mona.browser.query('workflows.list', { spaceId: w.a.id })).map((x) => x.name)).toEqual(expect.arrayContaining(['Parked', 'New one']));
  });

  it('another space is NOT_FOUND: its space, its workflows and its conversations, worded like ids that never existed', async () => {
    const before = written();
    for (const [path, call] of Object.entries(procedures(w.b.id, theirs, theirConversation))) {
      expect(failed(await call(mona.browser)), path).toMatchObject({ code: 'NOT_FOUND', message: 'This space was not found.' });
    }
    const made = 'madeUpId1234';
    const sameAsUnknown = async (call: (id: string) => Promise<CallResult<unknown>>, what: string) => {
      const theirsErr = failed(await call(theirs));
      expect(theirsErr, what).toMatchObject({ code: 'NOT_FOUND', message: 'This workflow was not found.' });
      expect(failed(await call(made)).message).toBe(theirsErr.message);
    };
    const b = mona.browser;
    await sameAsUnknown((id) => b.mutate('workflows.setEnabled', { spaceId: w.a.id, workflowId: id, enabled: false }), 'setEnabled');
    await sameAsUnknown((id) => b.mutate('workflows.delete', { spaceId: w.a.id, workflowId: id }), 'delete');
    await sameAsUnknown((id) => b.query('workflows.runs', { spaceId: w.a.id, workflowId: id }), 'runs');
    await sameAsUnknown((id) => b.query('workflows.dryRun', { spaceId: w.a.id, workflowId: id, conversationId: sample }), 'dryRun');
    await sameAsUnknown((id) => b.mutate('workflows.save', { spaceId: w.a.id, workflowId: id, name: 'Hijack', definition: idle([{ kind: 'unassign' }]) }), 'save');
    expect(failed(await b.query('workflows.dryRun', { spaceId: w.a.id, workflowId: parked, conversationId: theirConversation }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'This conversation was not found.',
    });
    // Reordering with their id is refused exactly like an unknown id.
    const reorder = (id: string) => b.mutate('workflows.reorder', { spaceId: w.a.id, order: [...workflowIds(w.a.id), id] });
    expect(failed(await reorder(theirs))).toEqual(failed(await reorder(made)));
    // And the other way round: Xavier, a manager of B, cannot reach A.
    expect(failed(await w.xavier.browser.query('workflows.list', { spaceId: w.a.id })).code).toBe('NOT_FOUND');
    expect(written()).toEqual(before);
  });

  it('a manager’s API token works for every procedure (Bearer), only in its own space', async () => {
    const { token } = ok(await mona.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'automation' }));
    const script = w.app.browser({ bearer: token });
    const mine = ok(await script.mutate('workflows.save', { spaceId: w.a.id, name: 'Scripted', definition: idle([{ kind: 'unassign' }]) }));
    for (const [path, call] of Object.entries(procedures(w.a.id, mine.id, sample))) {
      const res = await call(script);
      expect(res.ok, `${path}: ${res.ok ? '' : res.error.message}`).toBe(true);
    }
    // The owner is a member of B too, but a token made in A stays in A.
    const ownerToken = ok(await w.owner.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'owner script' })).token;
    const ownerScript = w.app.browser({ bearer: ownerToken });
    ok(await ownerScript.query('workflows.list', { spaceId: w.a.id }));
    for (const [path, call] of Object.entries(procedures(w.b.id, theirs, theirConversation))) {
      expect(failed(await call(ownerScript)).code, path).toBe('NOT_FOUND');
    }
  });

  it('signed out, or with a bad token: UNAUTHORIZED, nothing written', async () => {
    const before = written();
    for (const browser of [w.app.browser(), w.app.browser({ bearer: 'kaon_not-a-real-token-at-all' })]) {
      for (const [path, call] of Object.entries(procedures(w.a.id, parked, sample))) {
        expect(failed(await call(browser)).code, path).toBe('UNAUTHORIZED');
      }
    }
    expect(written()).toEqual(before);
  });
});

describe('bad input names the field; nothing is written', () => {
  const pool = (userIds: string[], extra: { capacity?: number | null; onlineOnly?: boolean } = {}) => ({ userIds, ...extra });
  const cases: Array<[string, () => { name?: string; definition: Definition }, string]> = [
    ['no actions', () => ({ definition: idle([]) }), 'definition.actions: Add at least one action'],
    ['a round robin with no members', () => ({ definition: idle([{ kind: 'roundRobin', pool: pool([]) }]) }), 'definition.actions.0.pool.userIds: Pick at least one member'],
    ['capacity 0', () => ({ definition: idle([{ kind: 'leastOpen', pool: pool([w.alice.user.id], { capacity: 0 }) }]) }), 'definition.actions.0.pool.capacity: Capacity is at least 1'],
    [
      'a member of another space in a pool',
      () => ({ definition: idle([{ kind: 'roundRobin', pool: pool([w.alice.user.id, w.xavier.user.id]) }]) }),
      'actions.0: a member in this action is not in this space.',
    ],
    [
      'a member of another space assigned directly (second action)',
      () => ({ definition: idle([{ kind: 'unassign' }, { kind: 'assign', userId: w.xavier.user.id }]) }),
      'actions.1: a member in this action is not in this space.',
    ],
    ['an unknown snippet', () => ({ definition: idle([{ kind: 'sendSnippet', snippetId: 'noSuchSnippet1' }]) }), 'actions.0: this snippet does not exist.'],
    ['another space’s snippet', () => ({ definition: idle([{ kind: 'sendSnippet', snippetId: theirSnippet }]) }), 'actions.0: this snippet does not exist.'],
    ['a text with an unknown variable', () => ({ definition: idle([{ kind: 'sendText', text: 'Hi {{contact.age}}' }]) }), 'definition.actions.0.text: Unknown variable {{contact.age}}'],
    [
      'assigning on closed conversations',
      () => ({ definition: { trigger: 'conversation.closed', actions: [{ kind: 'assign', userId: w.alice.user.id }] } }),
      'definition.actions.0: A workflow on closed conversations cannot assign',
    ],
    ['an action after closing', () => ({ definition: idle([{ kind: 'close' }, { kind: 'unassign' }]) }), 'definition.actions.1: Actions after “Close the conversation” never run'],
    ['no name', () => ({ name: '   ', definition: idle([{ kind: 'unassign' }]) }), 'name: Give the workflow a name'],
  ];

  it.each(cases)('%s', async (_, make, message) => {
    const input = make();
    const before = written();
    for (const workflowId of [undefined, parked]) {
      const err = failed(await mona.browser.mutate('workflows.save', { spaceId: w.a.id, workflowId, name: input.name ?? 'Bad one', definition: input.definition }));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toContain(message);
    }
    expect(written()).toEqual(before);
  });

  it.each([
    ['an invalid time zone', { timeZone: 'Mars/Olympus_Mons', days: {} }, 'hours.timeZone: Pick a valid time zone, like Europe/Berlin'],
    ['an end before the start', { timeZone: 'Europe/Berlin', days: { 1: [['17:00', '09:00']] } }, 'hours.days.1.0.1: The end must be after the start'],
    ['an end equal to the start', { timeZone: 'Europe/Berlin', days: { 3: [['09:00', '09:00']] } }, 'hours.days.3.0.1: The end must be after the start'],
    ['overlapping ranges', { timeZone: 'Europe/Berlin', days: { 5: [['09:00', '12:00'], ['11:00', '14:00']] } }, 'hours.days.5.1: These hours overlap'],
  ])('business hours with %s', async (_, hours, message) => {
    ok(await mona.browser.mutate('workflows.setBusinessHours', { spaceId: w.a.id, hours: office }));
    const before = written();
    const err = failed(await mona.browser.mutate('workflows.setBusinessHours', { spaceId: w.a.id, hours: hours as typeof office }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain(message);
    expect(written()).toEqual(before);
    expect(ok(await w.alice.browser.query('workflows.businessHours', { spaceId: w.a.id }))).toEqual(office);
  });

  it('reorder must list every workflow of the space exactly once', async () => {
    const second = ok(await mona.browser.mutate('workflows.save', { spaceId: w.a.id, name: 'Second', definition: idle([{ kind: 'unassign' }]) })).id;
    const all = workflowIds(w.a.id);
    const before = written();
    const refused: Array<[string[], string]> = [
      [all.slice(1), 'order: list every workflow of this space exactly once.'],
      [[...all.slice(1), all[1]!], 'order: A workflow is listed twice'],
      [[...all.slice(1), 'madeUpId1234'], 'order: list every workflow of this space exactly once.'],
    ];
    for (const [order, message] of refused) {
      const err = failed(await mona.browser.mutate('workflows.reorder', { spaceId: w.a.id, order }));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toContain(message);
    }
    expect(written()).toEqual(before);
    const reordered = ok(await mona.browser.mutate('workflows.reorder', { spaceId: w.a.id, order: [...all].reverse() }));
    expect(reordered.map((x) => x.id)).toEqual([...all].reverse());
    ok(await mona.browser.mutate('workflows.delete', { spaceId: w.a.id, workflowId: second }));
  });
});

describe('workflows.dryRun', () => {
  const tables = () => ({
    conversations: rows(w.app, 'conversations'),
    activities: rows(w.app, 'activities'),
    messages: rows(w.app, 'messages'),
    runs: (db().prepare('SELECT count(*) AS n FROM workflow_runs').get() as { n: number }).n,
    sample: conversationRow(w.app, sample),
    workflows: written().workflows,
  });
  const dryRun = (input: Omit<InputOf<'workflows.dryRun'>, 'spaceId' | 'conversationId'>) =>
    mona.browser.query('workflows.dryRun', { spaceId: w.a.id, conversationId: sample, ...input });

  it('says what a workflow would do on a conversation, and changes nothing', async () => {
    ok(await mona.browser.mutate('workflows.setBusinessHours', { spaceId: w.a.id, hours: null }));
    const rotation = ok(
      await mona.browser.mutate('workflows.save', { spaceId: w.a.id, name: 'Rotation', definition: idle([{ kind: 'roundRobin', pool: { userIds: [w.alice.user.id, w.bob.user.id] } }]) }),
    );
    const before = tables();

    const unsaved = ok(
      await dryRun({
        definition: {
          trigger: 'message.received',
          conditions: [{ kind: 'textContains', text: 'REFUND' }, { kind: 'businessHours', inside: true }],
          actions: [{ kind: 'leastOpen', pool: { userIds: [w.bob.user.id, w.alice.user.id] } }, { kind: 'sendText', text: 'We are on it, {{contact.firstName}}.' }],
        },
      }),
    );
    expect(unsaved).toMatchObject({
      workflowName: 'Dry run',
      trigger: 'message.received',
      matched: true,
      conditions: [{ ok: true }, { ok: true }],
      actions: [
        { status: 'done', effect: { kind: 'assign', userId: w.bob.user.id } },
        { status: 'done', effect: { kind: 'sendText', text: 'We are on it, {{contact.firstName}}.' } },
      ],
    });

    // A saved round robin: the same answer every time (the cursor does not move).
    for (let i = 0; i < 2; i++) {
      expect(ok(await dryRun({ workflowId: rotation.id }))).toMatchObject({
        workflowId: rotation.id,
        workflowName: 'Rotation',
        matched: true,
        actions: [{ status: 'done', effect: { kind: 'assign', userId: w.alice.user.id } }],
      });
    }

    const miss = ok(await dryRun({ definition: { trigger: 'message.received', conditions: [{ kind: 'textContains', text: 'invoice' }], actions: [{ kind: 'close' }] } }));
    expect(miss).toMatchObject({ matched: false, conditions: [{ ok: false }], actions: [] });

    // Nobody holds the app open in this file: online-only finds nobody, and says so.
    const offline = ok(await dryRun({ definition: idle([{ kind: 'roundRobin', pool: { userIds: [w.alice.user.id], onlineOnly: true } }]) }));
    expect(offline).toMatchObject({ matched: true, actions: [{ status: 'skipped', why: 'No chosen member is online' }] });

    expect(tables()).toEqual(before);
    ok(await mona.browser.mutate('workflows.delete', { spaceId: w.a.id, workflowId: rotation.id }));
  });

  it('needs a workflow or a definition to try', async () => {
    const err = failed(await dryRun({}));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('workflowId: Pick a workflow to try, or send its definition');
  });
});
