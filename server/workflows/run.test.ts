import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ok, type InputOf } from '../testing/harness';
import { activityTexts, arrive, conversationRow, messagesOf, startWorld, upload, type World } from '../testing/messages';

/**
 * The engine in the real flow: visitors write on the website chat, agents close conversations over
 * tRPC, and the space's workflows run inside those commands' transactions. Presence and the
 * backlog sweep are in sweep.test.ts.
 */
type Definition = InputOf<'workflows.save'>['definition'];

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w.app.close());

const spaceId = () => w.a.id;
const db = () => w.app.kaon.deps.db;
const assigneeOf = (conversationId: string) => conversationRow(w.app, conversationId).assignee_id;
const workflowLines = (conversationId: string) => activityTexts(w.app, conversationId).filter((t) => t.startsWith('Workflow'));

async function save(name: string, definition: Definition, enabled = true) {
  return ok(await w.owner.browser.mutate('workflows.save', { spaceId: spaceId(), name, enabled, definition }));
}
const runsOf = async (workflowId: string) => ok(await w.owner.browser.query('workflows.runs', { spaceId: spaceId(), workflowId }));
type Detail = { conditions: Array<{ ok: boolean }>; actions: Array<{ status: string; why?: string }> };
const detail = (run: { detail?: unknown }) => run.detail as Detail;

/** A new visitor writes; returns them and the conversation that opened. */
async function visitorWrites(text: string) {
  const visitor = await arrive(w.app, w.a.chatKey);
  return { visitor, conversationId: (await visitor.say(text)).conversationId };
}

async function assign(conversationId: string, userId: string) {
  ok(await w.owner.browser.mutate('conversations.assign', { spaceId: spaceId(), conversationId, version: conversationRow(w.app, conversationId).version, assigneeId: userId }));
}
async function close(conversationId: string) {
  return ok(await w.alice.browser.mutate('conversations.close', { spaceId: spaceId(), conversationId, version: conversationRow(w.app, conversationId).version }));
}

// Each test starts with no workflow, no business hours and no open conversation in space A.
beforeEach(async () => {
  for (const wf of ok(await w.owner.browser.query('workflows.list', { spaceId: spaceId() }))) {
    ok(await w.owner.browser.mutate('workflows.delete', { spaceId: spaceId(), workflowId: wf.id }));
  }
  ok(await w.owner.browser.mutate('workflows.setBusinessHours', { spaceId: spaceId(), hours: null }));
  const open = db().prepare("SELECT id FROM conversations WHERE space_id = ? AND status = 'open'").all(spaceId()) as Array<{ id: string }>;
  for (const c of open) await close(c.id);
});

const pool = () => ({ userIds: [w.alice.user.id, w.bob.user.id] });

describe('assignment', () => {
  it('round robin takes turns: Alice, Bob, Alice, with an activity line each and a matched run', async () => {
    const wf = await save('Rotation', { trigger: 'conversation.opened', actions: [{ kind: 'roundRobin', pool: pool() }] });
    const first = await visitorWrites('One');
    const conversations = [first.conversationId, (await visitorWrites('Two')).conversationId, (await visitorWrites('Three')).conversationId];
    expect(conversations.map(assigneeOf)).toEqual([w.alice.user.id, w.bob.user.id, w.alice.user.id]);
    expect(conversations.map(workflowLines)).toEqual([
      ['Workflow “Rotation” assigned this to Alice Agent'],
      ['Workflow “Rotation” assigned this to Bob Agent'],
      ['Workflow “Rotation” assigned this to Alice Agent'],
    ]);
    const runs = await runsOf(wf.id);
    expect(runs.map((r) => [r.trigger, r.matched])).toEqual(Array(3).fill(['conversation.opened', true]));
    // It runs when a conversation opens, not on later messages.
    await first.visitor.say('Still there?');
    expect(assigneeOf(first.conversationId)).toBe(w.alice.user.id);
    expect(await runsOf(wf.id)).toHaveLength(3);
  });

  it('the run log names the contact and the member it assigned, and says in words what it skipped', async () => {
    const wf = await save('Named', { trigger: 'conversation.opened', actions: [{ kind: 'assign', userId: w.bob.user.id }, { kind: 'unassign' }, { kind: 'close' }] });
    const visitor = await arrive(w.app, w.a.chatKey);
    const { conversationId } = await visitor.say('Hello', { name: 'Nora Named' });
    const [run] = await runsOf(wf.id);
    expect(run).toEqual(
      expect.objectContaining({ conversationId, contactName: 'Nora Named', matched: true, did: ['assigned this to Bob Agent', 'unassigned this', 'closed this'] }),
    );
  });

  it('leastOpen picks the member with fewer open conversations, ties in the pool’s order', async () => {
    const [c1, c2, c3] = [await visitorWrites('a'), await visitorWrites('b'), await visitorWrites('c')].map((v) => v.conversationId);
    await assign(c1!, w.alice.user.id);
    await assign(c2!, w.alice.user.id);
    await assign(c3!, w.bob.user.id);
    await save('Fewest open', { trigger: 'conversation.opened', actions: [{ kind: 'leastOpen', pool: pool() }] });
    const fourth = (await visitorWrites('d')).conversationId; // Alice 2, Bob 1
    expect(assigneeOf(fourth)).toBe(w.bob.user.id);
    expect(workflowLines(fourth)).toEqual(['Workflow “Fewest open” assigned this to Bob Agent']);
    const fifth = (await visitorWrites('e')).conversationId; // 2 and 2: the first in the pool
    expect(assigneeOf(fifth)).toBe(w.alice.user.id);
    await close(c1!);
    await close(c2!);
    const sixth = (await visitorWrites('f')).conversationId; // Alice 1, Bob 2
    expect(assigneeOf(sixth)).toBe(w.alice.user.id);
  });

  it('capacity: with everyone at their limit a conversation stays unassigned and the activity says why', async () => {
    const [c1, c2] = [await visitorWrites('a'), await visitorWrites('b')].map((v) => v.conversationId);
    await assign(c1!, w.alice.user.id);
    await assign(c2!, w.bob.user.id);
    const wf = await save('Capped', { trigger: 'conversation.opened', actions: [{ kind: 'roundRobin', pool: { ...pool(), capacity: 1 } }] });
    const waiting = (await visitorWrites('c')).conversationId;
    expect(assigneeOf(waiting)).toBeNull();
    expect(workflowLines(waiting)).toEqual(['Workflow “Capped”: No member under capacity']);
    const [run] = await runsOf(wf.id);
    expect(run!.matched).toBe(true);
    expect(detail(run!).actions).toEqual([expect.objectContaining({ status: 'skipped', why: 'No member under capacity' })]);
    // Alice closes one: the next conversation is hers.
    await close(c1!);
    expect(assigneeOf((await visitorWrites('d')).conversationId)).toBe(w.alice.user.id);
  });

  it('a disabled workflow does not run; enabling it does; a deleted one is gone with its log', async () => {
    const wf = await save('Paused', { trigger: 'conversation.opened', actions: [{ kind: 'assign', userId: w.bob.user.id }] }, false);
    const first = (await visitorWrites('a')).conversationId;
    expect(assigneeOf(first)).toBeNull();
    expect(await runsOf(wf.id)).toEqual([]);

    expect(ok(await w.owner.browser.mutate('workflows.setEnabled', { spaceId: spaceId(), workflowId: wf.id, enabled: true })).enabled).toBe(true);
    const second = (await visitorWrites('b')).conversationId;
    expect(assigneeOf(second)).toBe(w.bob.user.id);
    expect(await runsOf(wf.id)).toHaveLength(1);

    ok(await w.owner.browser.mutate('workflows.setEnabled', { spaceId: spaceId(), workflowId: wf.id, enabled: false }));
    expect(assigneeOf((await visitorWrites('c')).conversationId)).toBeNull();

    ok(await w.owner.browser.mutate('workflows.delete', { spaceId: spaceId(), workflowId: wf.id }));
    expect(ok(await w.owner.browser.query('workflows.list', { spaceId: spaceId() }))).toEqual([]);
    expect((db().prepare('SELECT count(*) AS n FROM workflow_runs WHERE workflow_id = ?').get(wf.id) as { n: number }).n).toBe(0);
  });

  it('order matters: after reordering, “Bob first” runs before the round robin, which skips as already assigned', async () => {
    const rotation = await save('Rotation', { trigger: 'conversation.opened', actions: [{ kind: 'roundRobin', pool: pool() }] });
    const bobFirst = await save('Bob first', { trigger: 'conversation.opened', actions: [{ kind: 'assign', userId: w.bob.user.id }] });
    const before = (await visitorWrites('a')).conversationId;
    expect(workflowLines(before)).toEqual(['Workflow “Rotation” assigned this to Alice Agent', 'Workflow “Bob first” assigned this to Bob Agent']);
    expect(assigneeOf(before)).toBe(w.bob.user.id);

    const order = ok(await w.owner.browser.mutate('workflows.reorder', { spaceId: spaceId(), order: [bobFirst.id, rotation.id] }));
    expect(order.map((x) => x.name)).toEqual(['Bob first', 'Rotation']);
    const after = (await visitorWrites('b')).conversationId;
    expect(assigneeOf(after)).toBe(w.bob.user.id);
    expect(workflowLines(after)).toEqual(['Workflow “Bob first” assigned this to Bob Agent', 'Workflow “Rotation”: Already assigned']);
    const [last] = await runsOf(rotation.id);
    expect(last!.conversationId).toBe(after);
    expect(detail(last!).actions).toEqual([expect.objectContaining({ status: 'skipped', why: 'Already assigned' })]);
  });
});

describe('triggers and conditions', () => {
  it('conversation.closed: after an agent closes, the space sends the text and the visitor sees it', async () => {
    const wf = await save('Goodbye', { trigger: 'conversation.closed', actions: [{ kind: 'sendText', text: 'Thanks for talking to {{space.name}}. Write any time!' }] });
    const { visitor, conversationId } = await visitorWrites('My question');
    expect(await runsOf(wf.id)).toEqual([]); // opening is not closing
    expect(messagesOf(w.app, conversationId).filter((m) => m.direction === 'out')).toEqual([]);

    expect(await close(conversationId)).toMatchObject({ status: 'closed', assigneeId: null });
    const out = messagesOf(w.app, conversationId).filter((m) => m.direction === 'out');
    expect(out).toEqual([expect.objectContaining({ body: 'Thanks for talking to Acme Support. Write any time!', author_id: null, status: 'sent' })]);
    expect(conversationRow(w.app, conversationId).status).toBe('closed');
    expect((await visitor.transcript()).messages.at(-1)).toMatchObject({ direction: 'out', body: 'Thanks for talking to Acme Support. Write any time!', authorName: null });
    expect((await runsOf(wf.id)).map((r) => [r.trigger, r.matched, r.conversationId])).toEqual([['conversation.closed', true, conversationId]]);
  });

  it('textContains matches only messages containing the text (any case), on every message received', async () => {
    const wf = await save('Refunds to Bob', {
      trigger: 'message.received',
      conditions: [{ kind: 'textContains', text: 'refund' }],
      actions: [{ kind: 'assign', userId: w.bob.user.id }],
    });
    const { visitor, conversationId } = await visitorWrites('Hello there');
    expect(assigneeOf(conversationId)).toBeNull();
    const [miss] = await runsOf(wf.id);
    expect(miss).toMatchObject({ trigger: 'message.received', matched: false });
    expect(detail(miss!).conditions).toEqual([expect.objectContaining({ ok: false })]);
    expect(workflowLines(conversationId)).toEqual([]); // a run that did not match is in the log only

    await visitor.say('Can I get a REFUND?');
    expect(assigneeOf(conversationId)).toBe(w.bob.user.id);
    expect(workflowLines(conversationId)).toEqual(['Workflow “Refunds to Bob” assigned this to Bob Agent']);

    expect(assigneeOf((await visitorWrites('refunds, please')).conversationId)).toBe(w.bob.user.id);
    expect(assigneeOf((await visitorWrites('Where is my parcel?')).conversationId)).toBeNull();
  });

  it('businessHours follows the space’s hours in its time zone, on the server’s clock', async () => {
    // Mon–Fri 09:00–17:00 in Berlin (UTC+1 in January).
    const weekdays = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [['09:00', '17:00']]])) as Record<number, Array<[string, string]>>;
    ok(await w.owner.browser.mutate('workflows.setBusinessHours', { spaceId: spaceId(), hours: { timeZone: 'Europe/Berlin', days: weekdays } }));
    await save('Office hours', { trigger: 'conversation.opened', conditions: [{ kind: 'businessHours', inside: true }], actions: [{ kind: 'assign', userId: w.alice.user.id }] });
    await save('After hours', { trigger: 'conversation.opened', conditions: [{ kind: 'businessHours', inside: false }], actions: [{ kind: 'assign', userId: w.bob.user.id }] });
    const at = (iso: string) => {
      const delta = Date.parse(iso) - w.app.clock.now();
      expect(delta, `the clock only moves forward (to ${iso})`).toBeGreaterThanOrEqual(0);
      w.app.clock.advance(delta);
    };
    const cases: Array<[string, string]> = [
      ['2030-01-02T07:59:00Z', w.bob.user.id], // Wednesday 08:59 in Berlin
      ['2030-01-02T08:00:00Z', w.alice.user.id], // 09:00
      ['2030-01-02T15:59:00Z', w.alice.user.id], // 16:59
      ['2030-01-02T16:00:00Z', w.bob.user.id], // 17:00: the end is outside
      ['2030-01-05T10:00:00Z', w.bob.user.id], // Saturday 11:00
    ];
    const got: Array<string | null> = [];
    for (const [iso] of cases) {
      at(iso);
      got.push(assigneeOf((await visitorWrites(`at ${iso}`)).conversationId));
    }
    expect(got).toEqual(cases.map(([, who]) => who));
  });
});

describe('fixed after review', () => {
  it('a workflow that closes the conversation triggers the conversation-closed workflows, but not itself', async () => {
    const closer = await save('Spam filter', { trigger: 'message.received', conditions: [{ kind: 'textContains', text: 'cheap watches' }], actions: [{ kind: 'close' }] });
    const bye = await save('Goodbye', { trigger: 'conversation.closed', actions: [{ kind: 'sendText', text: 'Bye from {{space.name}}' }] });
    const { conversationId } = await visitorWrites('cheap watches here');
    expect(conversationRow(w.app, conversationId).status).toBe('closed');
    expect(messagesOf(w.app, conversationId).filter((m) => m.direction === 'out').map((m) => m.body)).toEqual(['Bye from Acme Support']);
    expect((await runsOf(bye.id)).filter((r) => r.matched)).toHaveLength(1);
    expect((await runsOf(closer.id)).filter((r) => r.trigger === 'conversation.closed')).toHaveLength(0);
  });

  it('a dry run tries a disabled workflow', async () => {
    const wf = await save('Not yet', { trigger: 'conversation.opened', actions: [{ kind: 'assign', userId: w.bob.user.id }] }, false);
    const { conversationId } = await visitorWrites('Hello');
    const run = ok(await w.owner.browser.query('workflows.dryRun', { spaceId: spaceId(), workflowId: wf.id, conversationId }));
    expect(run).toMatchObject({ matched: true, actions: [{ status: 'done', effect: { kind: 'assign', userId: w.bob.user.id } }] });
    expect(assigneeOf(conversationId)).toBeNull();
  });
});

describe('snippet files', () => {
  it('sendSnippet sends the snippet’s files with its text; the visitor downloads them', async () => {
    const file = (await upload(w.owner.browser, spaceId(), 'Mon-Fri 9-17', 'hours.txt')).body;
    const snippet = ok(await w.owner.browser.mutate('snippets.create', { spaceId: spaceId(), name: 'Hours', shortcut: 'wfhours', body: 'Our hours are attached.', fileIds: [file.id] }));
    await save('Welcome', { trigger: 'conversation.opened', actions: [{ kind: 'sendSnippet', snippetId: snippet.id }] });
    const { visitor } = await visitorWrites('When are you open?');
    const reply = (await visitor.transcript()).messages.find((m) => m.direction === 'out');
    expect(reply).toMatchObject({ body: 'Our hours are attached.', files: [{ id: file.id, name: 'hours.txt', mime: 'text/plain', size: 12 }] });
    const got = await visitor.browser.fetch(`/files/${file.id}`);
    expect([got.status, await got.text()]).toEqual([200, 'Mon-Fri 9-17']);
  });
});
