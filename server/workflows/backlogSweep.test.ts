import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failed, ok, type Browser, type InputOf } from '../testing/harness';
import { activityTexts, arrive, conversationRow, eventually, messagesOf, openSse, queueDoc, startWorld, type SseStream, type World } from '../testing/messages';

/**
 * Presence and the backlog sweep through the real flow: members are online while their browser
 * holds `spaces.events` open; visitors write on the website chat; workflows assign inside
 * receiveMessage's transaction, and the sweep assigns what waited when someone comes online.
 */
/** Generous: other suites share the cores; a passing run returns as soon as the condition holds. */
const WAIT = 10_000;
let w: World;
const streams: SseStream[] = [];
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w.app.close());

type Action = InputOf<'workflows.save'>['definition']['actions'][number];

const isOnline = (userId: string) => w.app.kaon.deps.presence.isOnline(w.a.id, userId);
const assigneeOf = (conversationId: string) => conversationRow(w.app, conversationId).assignee_id;
const workflowLines = (conversationId: string) => activityTexts(w.app, conversationId).filter((t) => t.startsWith('Workflow'));

/** Opens the space's live event stream in this browser (as the app does) and waits until the member counts as online. */
async function goOnline(browser: Browser, userId: string): Promise<SseStream> {
  const stream = await openSse(browser, 'spaces.events', { spaceId: w.a.id });
  streams.push(stream);
  expect(stream.status).toBe(200);
  await stream.connected;
  await eventually(`${userId} online`, () => isOnline(userId), WAIT);
  return stream;
}

async function goOffline(stream: SseStream, userId: string) {
  await stream.close();
  await eventually(`${userId} offline`, () => !isOnline(userId), WAIT);
}

async function saveWorkflow(name: string, actions: Action[]) {
  return ok(await w.owner.browser.mutate('workflows.save', { spaceId: w.a.id, name, definition: { trigger: 'conversation.opened', actions } }));
}

const roundRobin = (pool: { onlineOnly: boolean; capacity?: number | null }): Action => ({
  kind: 'roundRobin',
  pool: { userIds: [w.alice.user.id, w.bob.user.id], ...pool },
});

/** A new visitor writes; returns the conversation that opened. */
async function visitorWrites(text: string) {
  return (await (await arrive(w.app, w.a.chatKey)).say(text)).conversationId;
}

// Each test starts with nobody online, no workflow and no open conversation.
afterEach(async () => {
  await Promise.all(streams.splice(0).map((s) => s.close()));
  await eventually('everyone offline', () => !isOnline(w.alice.user.id) && !isOnline(w.bob.user.id), WAIT);
  for (const p of [w.alice, w.bob]) ok(await p.browser.mutate('members.setStatus', { spaceId: w.a.id, status: 'online' }));
  for (const wf of ok(await w.owner.browser.query('workflows.list', { spaceId: w.a.id }))) {
    ok(await w.owner.browser.mutate('workflows.delete', { spaceId: w.a.id, workflowId: wf.id }));
  }
  const open = w.app.kaon.deps.db.prepare("SELECT id, version FROM conversations WHERE space_id = ? AND status = 'open'").all(w.a.id) as Array<{ id: string; version: number }>;
  for (const c of open) ok(await w.owner.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId: c.id, version: c.version }));
});

describe('presence', () => {
  it('a member is online while a signed-in tab holds spaces.events open, until the last one closes', async () => {
    expect(ok(await w.owner.browser.query('workflows.online', { spaceId: w.a.id }))).toEqual([]);
    const first = await goOnline(w.bob.browser, w.bob.user.id);
    const second = await goOnline(w.bob.browser, w.bob.user.id);
    expect(ok(await w.alice.browser.query('workflows.online', { spaceId: w.a.id }))).toEqual([w.bob.user.id]);
    await first.close();
    // The other tab is still open.
    await new Promise((r) => setTimeout(r, 50));
    expect(isOnline(w.bob.user.id)).toBe(true);
    await goOffline(second, w.bob.user.id);
    expect(ok(await w.owner.browser.query('workflows.online', { spaceId: w.a.id }))).toEqual([]);
  });

  it('a script holding the stream with an API token does not make its member online', async () => {
    const { token } = ok(await w.owner.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'listener' }));
    const stream = await openSse(w.app.browser({ bearer: token }), 'spaces.events', { spaceId: w.a.id });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.connected;
    await new Promise((r) => setTimeout(r, 50));
    expect(ok(await w.owner.browser.query('workflows.online', { spaceId: w.a.id }))).toEqual([]);
  });
});

describe('online-only assignment', () => {
  it('round robin among the online members: Alice, Bob, Alice, with activity lines, a live queue and the run log', async () => {
    await goOnline(w.alice.browser, w.alice.user.id);
    await goOnline(w.bob.browser, w.bob.user.id);
    const wf = await saveWorkflow('Support rotation', [roundRobin({ onlineOnly: true })]);

    const conversations = [await visitorWrites('Hello?'), await visitorWrites('Anyone there?'), await visitorWrites('Question about my order')];
    // Assigned inside the transaction that stored the message: no waiting.
    expect(conversations.map(assigneeOf)).toEqual([w.alice.user.id, w.bob.user.id, w.alice.user.id]);
    expect(workflowLines(conversations[0]!)).toEqual(['Workflow “Support rotation” assigned this to Alice Agent']);
    expect(workflowLines(conversations[1]!)).toEqual(['Workflow “Support rotation” assigned this to Bob Agent']);
    // The agents' queue (the authority doc) shows the assignees.
    await eventually('queue doc assignees', () => conversations.every((id) => queueDoc(w.app, w.a.id).open.get(id)?.assigneeId === assigneeOf(id)), WAIT);
    expect(queueDoc(w.app, w.a.id).open.get(conversations[1]!)?.assigneeName).toBe('Bob Agent');

    const runs = ok(await w.owner.browser.query('workflows.runs', { spaceId: w.a.id, workflowId: wf.id }));
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.matched && r.trigger === 'conversation.opened')).toBe(true);
    expect(new Set(runs.map((r) => r.conversationId))).toEqual(new Set(conversations));
    expect(runs.map((r) => (r.detail as { actions: Array<{ status: string }> }).actions[0]?.status)).toEqual(['done', 'done', 'done']);
  });

  it('a member who went offline is skipped', async () => {
    await goOnline(w.alice.browser, w.alice.user.id);
    const bob = await goOnline(w.bob.browser, w.bob.user.id);
    await saveWorkflow('Support rotation', [roundRobin({ onlineOnly: true })]);
    await goOffline(bob, w.bob.user.id);
    const conversations = [await visitorWrites('One'), await visitorWrites('Two')];
    expect(conversations.map(assigneeOf)).toEqual([w.alice.user.id, w.alice.user.id]);
  });

  it('with nobody online a conversation waits; the first member to come online gets the backlog in arrival order, up to capacity', async () => {
    await saveWorkflow('Support rotation', [roundRobin({ onlineOnly: true, capacity: 2 }), { kind: 'sendText', text: 'Thanks for writing to {{space.name}}!' }]);
    const waiting: string[] = [];
    for (const text of ['First', 'Second', 'Third']) {
      waiting.push(await visitorWrites(text));
      w.app.clock.advance(1000);
    }
    expect(waiting.map(assigneeOf)).toEqual([null, null, null]);
    expect(workflowLines(waiting[0]!)).toEqual(['Workflow “Support rotation”: No chosen member is online']);
    // The other actions did run: the visitor was thanked once.
    expect(messagesOf(w.app, waiting[0]!).filter((m) => m.direction === 'out').map((m) => m.body)).toEqual(['Thanks for writing to Acme Support!']);

    await goOnline(w.bob.browser, w.bob.user.id);
    // Capacity 2: the two that waited longest go to Bob, the newest keeps waiting.
    await eventually('backlog assigned to Bob', () => assigneeOf(waiting[1]!) === w.bob.user.id, WAIT);
    expect(waiting.map(assigneeOf)).toEqual([w.bob.user.id, w.bob.user.id, null]);
    expect(workflowLines(waiting[0]!)).toContain('Workflow “Support rotation” assigned this to Bob Agent');
    await eventually('queue doc shows Bob', () => queueDoc(w.app, w.a.id).open.get(waiting[0]!)?.assigneeId === w.bob.user.id, WAIT);
    // The sweep only assigns: nobody is thanked twice.
    expect(messagesOf(w.app, waiting[0]!).filter((m) => m.direction === 'out')).toHaveLength(1);

    const wf = ok(await w.owner.browser.query('workflows.list', { spaceId: w.a.id }))[0]!;
    const runs = ok(await w.owner.browser.query('workflows.runs', { spaceId: w.a.id, workflowId: wf.id }));
    const swept = runs.filter((r) => r.trigger === 'conversation.opened (backlog sweep)').reverse(); // newest first → arrival order
    // Only sweeps that assigned are logged (the third stayed waiting: Bob was at capacity).
    expect(swept.map((r) => r.conversationId)).toEqual(waiting.slice(0, 2));

    // Alice coming online picks up the last one (the rotation continues after Bob).
    await goOnline(w.alice.browser, w.alice.user.id);
    await eventually('last one assigned to Alice', () => assigneeOf(waiting[2]!) === w.alice.user.id, WAIT);
    expect(waiting.map(assigneeOf)).toEqual([w.bob.user.id, w.bob.user.id, w.alice.user.id]);
  });

  it('a conversation a member unassigned by hand is not taken back by the sweep; a workflow that assigns it later says so', async () => {
    await saveWorkflow('Support rotation', [roundRobin({ onlineOnly: true })]);
    const bob = await goOnline(w.bob.browser, w.bob.user.id);
    const visitor = await arrive(w.app, w.a.chatKey);
    const { conversationId } = await visitor.say('Please help');
    expect(assigneeOf(conversationId)).toBe(w.bob.user.id);
    const version = conversationRow(w.app, conversationId).version;
    ok(await w.bob.browser.mutate('conversations.unassign', { spaceId: w.a.id, conversationId, version }));
    expect(assigneeOf(conversationId)).toBeNull();

    // Coming online again runs the sweep: it leaves Bob's decision alone.
    await goOffline(bob, w.bob.user.id);
    await goOnline(w.alice.browser, w.alice.user.id);
    await goOnline(w.bob.browser, w.bob.user.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(assigneeOf(conversationId)).toBeNull();

    // A workflow that runs for another reason (a new message) may assign it, and the thread says whose decision it overrode.
    ok(
      await w.owner.browser.mutate('workflows.save', {
        spaceId: w.a.id,
        name: 'Urgent to Alice',
        definition: { trigger: 'message.received', conditions: [{ kind: 'textContains', text: 'urgent' }], actions: [{ kind: 'assign', userId: w.alice.user.id, onlineOnly: false, capacity: null }] },
      }),
    );
    await visitor.say('This is urgent now');
    expect(assigneeOf(conversationId)).toBe(w.alice.user.id);
    expect(workflowLines(conversationId)).toContain('Workflow “Urgent to Alice” assigned this to Alice Agent (Bob Agent had unassigned it)');
  });

  it('nobody in the pool online and someone else comes online: still waiting', async () => {
    await saveWorkflow('Bob only', [{ kind: 'assign', userId: w.bob.user.id, onlineOnly: true }]);
    const conversationId = await visitorWrites('Hello');
    expect(workflowLines(conversationId)).toEqual(['Workflow “Bob only”: They are offline']);
    await goOnline(w.alice.browser, w.alice.user.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(assigneeOf(conversationId)).toBeNull();
    await goOnline(w.bob.browser, w.bob.user.id);
    await eventually('assigned to Bob', () => assigneeOf(conversationId) === w.bob.user.id, WAIT);
  });
});

describe('away', () => {
  const setStatus = (who: { browser: Browser }, status: 'online' | 'away') => who.browser.mutate('members.setStatus', { spaceId: w.a.id, status });
  const statusIn = async (who: { browser: Browser }) => ok(await who.browser.query('auth.me', undefined))!.spaces.find((s) => s.id === w.a.id)?.status;

  it('an away member with the app open is not online for assignment, and the switch is kept', async () => {
    await goOnline(w.alice.browser, w.alice.user.id);
    await goOnline(w.bob.browser, w.bob.user.id);
    await saveWorkflow('Support rotation', [roundRobin({ onlineOnly: true })]);
    expect(ok(await setStatus(w.bob, 'away'))).toEqual({ status: 'away' });
    expect(await statusIn(w.bob)).toBe('away');
    expect(ok(await w.owner.browser.query('members.list', { spaceId: w.a.id })).find((m) => m.userId === w.bob.user.id)?.status).toBe('away');
    // Still connected, but away: the rotation and the builder's hints leave Bob out.
    expect(isOnline(w.bob.user.id)).toBe(true);
    expect(ok(await w.owner.browser.query('workflows.online', { spaceId: w.a.id }))).toEqual([w.alice.user.id]);
    const conversations = [await visitorWrites('One'), await visitorWrites('Two')];
    expect(conversations.map(assigneeOf)).toEqual([w.alice.user.id, w.alice.user.id]);
  });

  it('back online, the backlog sweep offers the away member what waited', async () => {
    await goOnline(w.bob.browser, w.bob.user.id);
    ok(await setStatus(w.bob, 'away'));
    await saveWorkflow('Bob only', [{ kind: 'assign', userId: w.bob.user.id, onlineOnly: true }]);
    const conversationId = await visitorWrites('Hello');
    expect(assigneeOf(conversationId)).toBeNull();
    // The thread says why in words: away, not offline.
    expect(workflowLines(conversationId)).toEqual(['Workflow “Bob only”: They are away']);

    ok(await setStatus(w.bob, 'online'));
    await eventually('assigned to Bob', () => assigneeOf(conversationId) === w.bob.user.id, WAIT);
    expect(await statusIn(w.bob)).toBe('online');
  });

  it('online with no app open: nothing is swept until a tab opens', async () => {
    ok(await setStatus(w.bob, 'away'));
    await saveWorkflow('Bob only', [{ kind: 'assign', userId: w.bob.user.id, onlineOnly: true }]);
    const conversationId = await visitorWrites('Hello');
    ok(await setStatus(w.bob, 'online'));
    await new Promise((r) => setTimeout(r, 50));
    expect(assigneeOf(conversationId)).toBeNull();
    await goOnline(w.bob.browser, w.bob.user.id);
    await eventually('assigned to Bob', () => assigneeOf(conversationId) === w.bob.user.id, WAIT);
  });

  it('refuses a status that is not online or away, and a space the caller is not a member of', async () => {
    const bad = failed(await w.bob.browser.mutate('members.setStatus', { spaceId: w.a.id, status: 'busy' as 'away' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(await statusIn(w.bob)).toBe('online');
    const outsider = failed(await w.bob.browser.mutate('members.setStatus', { spaceId: w.b.id, status: 'away' }));
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(outsider.code);
    // Signed out: refused too.
    const anonymous = failed(await w.app.browser().mutate('members.setStatus', { spaceId: w.a.id, status: 'away' }));
    expect(anonymous.code).toBe('UNAUTHORIZED');
  });
});
