import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKaon, type Kaon } from '../http';
import { Browser, failed, ok, startApp, setupOwner, type TestApp } from '../testing/harness';
import { arrive, conversationRow, newClientId, startWorld, type World } from '../testing/messages';
import { waitFor } from '../testing/syncClients';
import { startReceiver, type Receiver } from '../testing/webhookReceiver';
import { verifySignature } from './signature';

// Real Kaon, real receiver on port 0. The operator's allowance for local receivers is given to
// this Kaon's config (WEBHOOKS_ALLOW_PRIVATE=1 would set the same), not to the environment.
const FAST = { webhooksAllowPrivate: true, webhookTimeoutMs: 300, webhookRetryBaseMs: 20, webhookRetryMaxMs: 100, webhookMaxAttempts: 4 };
const ALL = ['conversation.opened', 'conversation.assigned', 'conversation.closed', 'message.received', 'message.sent'] as const;

let w: World;
let receiver: Receiver;
beforeAll(async () => {
  w = await startWorld(FAST);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await w.app.close();
});
afterEach(async () => {
  // Each test starts with no webhooks and a receiver that answers 200.
  for (const hook of ok(await w.owner.browser.query('webhooks.list', { spaceId: w.a.id }))) ok(await w.owner.browser.mutate('webhooks.delete', { spaceId: w.a.id, webhookId: hook.id }));
  receiver.answerAlways(200);
  receiver.received.length = 0;
});

const addHook = async (events: readonly (typeof ALL)[number][] = ALL, url = receiver.url) =>
  ok(await w.owner.browser.mutate('webhooks.create', { spaceId: w.a.id, url, events: [...events], description: 'CRM sync' }));
const log = async (webhookId: string) => ok(await w.owner.browser.query('webhooks.deliveries', { spaceId: w.a.id, webhookId }));
const signedBy = (secret: string, r: Receiver['received'][number]) => verifySignature(secret, r.body, String(r.headers['kaon-signature']), Math.floor(Date.now() / 1000));
/** Polls an async check (a tRPC read) until it holds. */
async function until(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
const webhookRows = (app: TestApp) => (app.kaon.deps.db.prepare('SELECT count(*) AS n FROM webhooks').get() as { n: number }).n;

describe('outgoing webhooks: signed deliveries', () => {
  it('a customer message, a reply and a close reach the receiver signed, in order, with the documented shape', async () => {
    const hook = await addHook();
    expect(hook.secret).toMatch(/^whsec_/);
    // The secret is shown once: no list has it.
    const listed = ok(await w.owner.browser.query('webhooks.list', { spaceId: w.a.id }));
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    expect(listed).toMatchObject([{ id: hook.id, url: receiver.url, events: [...ALL], enabled: true, description: 'CRM sync' }]);

    const visitor = await arrive(w.app, w.a.chatKey);
    const said = await visitor.say('Where is my order?');
    await waitFor('opened and received', () => receiver.received.length >= 2);
    ok(await w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId: said.contactId, body: 'On its way!', clientId: newClientId() }));
    const conv = conversationRow(w.app, said.conversationId);
    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId: conv.id, version: conv.version }));
    await waitFor('five deliveries', () => receiver.received.length >= 5);

    expect(receiver.received.map((r) => r.json.type)).toEqual(['conversation.opened', 'message.received', 'conversation.assigned', 'message.sent', 'conversation.closed']);
    for (const r of receiver.received) {
      expect(signedBy(hook.secret, r), `${r.json.type} is signed with the webhook's secret`).toBe(true);
      expect(signedBy('whsec_someone-else', r)).toBe(false);
      expect(r.headers['kaon-event']).toBe(r.json.type);
      expect(r.headers['kaon-delivery']).toMatch(/^[A-Za-z0-9_-]{8,}$/);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.path).toBe('/hooks/kaon');
      expect(r.json).toMatchObject({ spaceId: w.a.id, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    }
    const [opened, received, assigned, sent, closed] = receiver.received.map((r) => r.json.data);
    expect(opened).toMatchObject({ conversation: { id: conv.id, status: 'open', assignee: null, channel: { kind: 'webchat' } }, contact: { id: said.contactId }, by: null });
    expect(received).toMatchObject({ message: { id: said.messageId, direction: 'in', body: 'Where is my order?', author: null, files: [] }, conversation: { id: conv.id } });
    expect(assigned).toMatchObject({ conversation: { assignee: { id: w.alice.user.id, name: 'Alice Agent' } }, by: { kind: 'member', id: w.alice.user.id } });
    expect(sent).toMatchObject({ message: { direction: 'out', body: 'On its way!', author: { id: w.alice.user.id, name: 'Alice Agent' } } });
    expect(closed).toMatchObject({ conversation: { status: 'closed', assignee: null, closedAt: expect.any(String) }, by: { kind: 'member', id: w.alice.user.id } });

    // The log says what happened to each.
    const entries = await log(hook.id);
    expect(entries).toHaveLength(5);
    for (const e of entries) expect(e).toMatchObject({ state: 'delivered', statusCode: 200, attempts: 1, outcome: expect.stringMatching(/^Delivered in \d+ ms \(200\)$/) });
  });

  it('sends only the events a webhook subscribed to, and nothing of another space', async () => {
    await addHook(['conversation.closed']);
    const other = await arrive(w.app, w.b.chatKey);
    await other.say('Space B writes');
    const visitor = await arrive(w.app, w.a.chatKey);
    const said = await visitor.say('Hello');
    const conv = conversationRow(w.app, said.conversationId);
    ok(await w.owner.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId: conv.id, version: conv.version }));
    await waitFor('the close', () => receiver.received.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received.map((r) => r.json.type)).toEqual(['conversation.closed']);
  });

  it('a workflow’s assignment says so in `by`; an unassign and a refused message send nothing', async () => {
    await addHook(['conversation.assigned', 'message.received', 'conversation.closed']);
    const flow = ok(
      await w.owner.browser.mutate('workflows.save', {
        spaceId: w.a.id,
        name: 'To Bob',
        enabled: true,
        definition: { trigger: 'conversation.opened', conditions: [], actions: [{ kind: 'assign', userId: w.bob.user.id }] },
      }),
    );
    try {
      const visitor = await arrive(w.app, w.a.chatKey);
      const said = await visitor.say('Hi there');
      await waitFor('assigned and received', () => receiver.received.length >= 2);
      const assigned = receiver.ofType('conversation.assigned')[0]!.json.data;
      expect(assigned).toMatchObject({ conversation: { assignee: { id: w.bob.user.id, name: 'Bob Agent' } }, by: { kind: 'workflow', id: flow.id, name: 'To Bob' } });
      const conv = conversationRow(w.app, said.conversationId);
      ok(await w.owner.browser.mutate('conversations.unassign', { spaceId: w.a.id, conversationId: conv.id, version: conv.version }));
      // Refused (empty): the transaction rolls back, and with it any delivery.
      expect(failed(await visitor.send('   ')).code).toBe('BAD_REQUEST');
      await new Promise((r) => setTimeout(r, 100));
      expect(receiver.received.map((r) => r.json.type).sort()).toEqual(['conversation.assigned', 'message.received']);
    } finally {
      ok(await w.owner.browser.mutate('workflows.delete', { spaceId: w.a.id, workflowId: flow.id }));
    }
  });

  it('one hanging receiver does not hold up another webhook’s deliveries', async () => {
    const slow = await startReceiver();
    slow.answerAlways('hang');
    try {
      const slowHook = ok(await w.owner.browser.mutate('webhooks.create', { spaceId: w.a.id, url: slow.url, events: ['message.received'], description: 'Slow' }));
      await addHook(['message.received']);
      const visitor = await arrive(w.app, w.a.chatKey);
      for (let i = 0; i < 6; i++) await visitor.say(`Burst ${i}`);
      await waitFor('six deliveries to the healthy receiver', () => receiver.received.length >= 6);
      // They did not wait for a slot the slow receiver held: none of its attempts has timed out yet.
      expect((await log(slowHook.id)).filter((e) => e.lastError !== null)).toEqual([]);
      expect(slow.received.length).toBeGreaterThanOrEqual(1);
      expect(slow.received.length).toBeLessThanOrEqual(2); // at most two in flight to one webhook
    } finally {
      await slow.close();
    }
  });

  it('a disabled webhook gets nothing; what was still waiting is marked not sent', async () => {
    const hook = await addHook(['message.received']);
    receiver.answerAlways(500);
    const visitor = await arrive(w.app, w.a.chatKey);
    await visitor.say('First');
    await waitFor('a failed attempt', () => receiver.received.length >= 1);
    ok(await w.owner.browser.mutate('webhooks.setEnabled', { spaceId: w.a.id, webhookId: hook.id, enabled: false }));
    const [entry] = await log(hook.id);
    expect(entry).toMatchObject({ state: 'failed', outcome: 'Not sent: the webhook was disabled before this was delivered.' });
    receiver.received.length = 0;
    receiver.answerAlways(200);
    await visitor.say('Second');
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.received).toEqual([]);
  });
});

describe('retries', () => {
  it('a receiver that answers 500 gets the same delivery again, with backoff, until it answers 200', async () => {
    const hook = await addHook(['message.received']);
    receiver.answerNext(500, 2);
    const visitor = await arrive(w.app, w.a.chatKey);
    await visitor.say('Retry me');
    await waitFor('the third attempt', () => receiver.received.length >= 3);
    const ids = receiver.received.map((r) => r.headers['kaon-delivery']);
    expect(new Set(ids).size).toBe(1); // one delivery, three attempts
    expect(receiver.received.map((r) => r.headers['kaon-attempt'])).toEqual(['1', '2', '3']);
    for (const r of receiver.received) expect(signedBy(hook.secret, r)).toBe(true);
    expect(receiver.received[1]!.at - receiver.received[0]!.at).toBeGreaterThanOrEqual(9); // backoff (base 20 ms, equal jitter)
    await until('delivered in the log', async () => (await log(hook.id))[0]?.state === 'delivered');
    expect((await log(hook.id))[0]).toMatchObject({ state: 'delivered', attempts: 3, statusCode: 200 });
  });

  it('gives up after the last attempt and says why', async () => {
    const hook = await addHook(['message.received']);
    receiver.answerAlways(503);
    const visitor = await arrive(w.app, w.a.chatKey);
    await visitor.say('Never arrives');
    await waitFor('four attempts', () => receiver.received.length >= 4);
    let entry = (await log(hook.id))[0]!;
    for (let i = 0; i < 50 && entry.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      entry = (await log(hook.id))[0]!;
    }
    expect(entry).toMatchObject({ state: 'failed', attempts: 4, statusCode: 503, lastError: 'The receiver answered 503; gave up after 4 attempts.' });
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.received).toHaveLength(4);
  });

  it('a hanging receiver times out, is retried, and never slows an inbound message', async () => {
    const hook = await addHook(['message.received']);
    receiver.answerAlways('hang');
    const visitor = await arrive(w.app, w.a.chatKey);
    await visitor.say('Warm up');
    await waitFor('the first delivery to be hanging', () => receiver.received.length >= 1);
    // While deliveries hang, customers keep writing and the inbox answers at once.
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await visitor.say(`Message ${i}`);
      times.push(performance.now() - t0);
    }
    expect(Math.max(...times)).toBeLessThan(250); // well under the receiver's 300 ms timeout
    await until('a timed-out attempt in the log', async () => (await log(hook.id)).some((e) => e.lastError === 'No answer within 0.3 s'));
    receiver.answerAlways(200);
    await until('all six delivered', async () => (await log(hook.id)).filter((e) => e.state === 'delivered').length === 6, 8000);
  });
});

describe('send test', () => {
  it('answers in words: delivered with the time and status, the receiver’s error, or no answer', async () => {
    const hook = await addHook(['message.sent']);
    const delivered = ok(await w.owner.browser.mutate('webhooks.sendTest', { spaceId: w.a.id, webhookId: hook.id }));
    expect(delivered).toMatchObject({ ok: true, statusCode: 200, text: expect.stringMatching(/^Delivered in \d+ ms \(200\)$/) });
    const test = receiver.received.at(-1)!;
    expect(test.json.type).toBe('webhook.test');
    expect(signedBy(hook.secret, test)).toBe(true);

    receiver.answerNext(500);
    expect(ok(await w.owner.browser.mutate('webhooks.sendTest', { spaceId: w.a.id, webhookId: hook.id }))).toMatchObject({ ok: false, statusCode: 500, text: 'The receiver answered 500' });
    receiver.answerNext('hang');
    expect(ok(await w.owner.browser.mutate('webhooks.sendTest', { spaceId: w.a.id, webhookId: hook.id }))).toMatchObject({ ok: false, text: 'No answer within 0.3 s' });

    const entries = await log(hook.id);
    expect(entries.map((e) => [e.eventType, e.test, e.state, e.outcome])).toEqual([
      ['webhook.test', true, 'failed', 'No answer within 0.3 s'],
      ['webhook.test', true, 'failed', 'The receiver answered 500'],
      ['webhook.test', true, 'delivered', expect.stringMatching(/^Delivered in/)],
    ]);
  });

  it('a receiver that is not running: the words say so', async () => {
    const gone = await startReceiver();
    const url = gone.url;
    await gone.close();
    const hook = await addHook(['message.sent'], url);
    const result = ok(await w.owner.browser.mutate('webhooks.sendTest', { spaceId: w.a.id, webhookId: hook.id }));
    expect(result.text).toMatch(/^Kaon could not connect to 127\.0\.0\.1:\d+ \(connection refused\)/);
  });

  it('rotating the secret shows the new one once; deliveries are signed with it', async () => {
    const hook = await addHook(['message.sent']);
    const { secret } = ok(await w.owner.browser.mutate('webhooks.rotateSecret', { spaceId: w.a.id, webhookId: hook.id }));
    expect(secret).not.toBe(hook.secret);
    ok(await w.owner.browser.mutate('webhooks.sendTest', { spaceId: w.a.id, webhookId: hook.id }));
    const test = receiver.received.at(-1)!;
    expect(signedBy(secret, test)).toBe(true);
    expect(signedBy(hook.secret, test)).toBe(false);
    expect(JSON.stringify(ok(await w.owner.browser.query('webhooks.list', { spaceId: w.a.id })))).not.toContain(secret);
  });
});

describe('who may manage webhooks, and bad input', () => {
  it('agents are refused; another space cannot see, change, test or delete them (NOT_FOUND)', async () => {
    const hook = await addHook();
    const base = { spaceId: w.a.id, webhookId: hook.id };
    expect(failed(await w.alice.browser.query('webhooks.list', { spaceId: w.a.id })).code).toBe('FORBIDDEN');
    expect(failed(await w.alice.browser.mutate('webhooks.create', { spaceId: w.a.id, url: receiver.url, events: ['message.sent'] })).code).toBe('FORBIDDEN');
    expect(failed(await w.alice.browser.mutate('webhooks.delete', base)).code).toBe('FORBIDDEN');
    expect(failed(await w.alice.browser.mutate('webhooks.sendTest', base)).code).toBe('FORBIDDEN');
    // Xavier manages space B only.
    expect(failed(await w.xavier.browser.query('webhooks.list', { spaceId: w.a.id })).code).toBe('NOT_FOUND');
    for (const call of [
      () => w.xavier.browser.mutate('webhooks.delete', { spaceId: w.b.id, webhookId: hook.id }),
      () => w.xavier.browser.mutate('webhooks.sendTest', { spaceId: w.b.id, webhookId: hook.id }),
      () => w.xavier.browser.mutate('webhooks.rotateSecret', { spaceId: w.b.id, webhookId: hook.id }),
      () => w.xavier.browser.mutate('webhooks.setEnabled', { spaceId: w.b.id, webhookId: hook.id, enabled: false }),
      () => w.xavier.browser.mutate('webhooks.update', { spaceId: w.b.id, webhookId: hook.id, url: receiver.url, events: ['message.sent'], description: '', enabled: true }),
      () => w.xavier.browser.query('webhooks.deliveries', { spaceId: w.b.id, webhookId: hook.id }),
    ]) {
      const err = failed(await call());
      expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'This webhook was not found.' });
    }
    expect(ok(await w.owner.browser.query('webhooks.list', { spaceId: w.a.id }))).toMatchObject([{ id: hook.id, enabled: true, events: [...ALL] }]);
  });

  it.each([
    ['a malformed address', { url: 'not a url' }, 'url', 'Enter a full address, like https://example.com/kaon-events'],
    ['another scheme', { url: 'ftp://example.com/x' }, 'url', 'The address must start with https:// or http://'],
    ['a password in the address', { url: 'https://user:pw@example.com/x' }, 'url', 'Leave the user name and password out of the address: Kaon signs every delivery instead'],
    ['an address over 2000 characters', { url: `https://example.com/${'a'.repeat(2000)}` }, 'url', 'Addresses are at most 2000 characters'],
    ['no events', { events: [] }, 'events', 'Choose at least one event'],
    ['an unknown event', { events: ['contact.deleted'] }, 'events.0', 'Events are conversation.opened'],
    ['a description over 200 characters', { description: 'x'.repeat(201) }, 'description', 'Descriptions are at most 200 characters'],
    ['Kaon itself', { url: 'SELF' }, 'url', 'This address is Kaon itself. Point the webhook at the system that should receive the events.'],
    ['Kaon itself by its loopback address', { url: 'SELF127' }, 'url', 'This address is Kaon itself.'],
  ])('refuses %s with words, writing nothing', async (_what, change, field, words) => {
    const input = { spaceId: w.a.id, url: receiver.url, events: ['message.sent'], description: '', ...change };
    if (input.url === 'SELF') input.url = `${w.app.url}/webhooks/whatsapp/x`;
    if (input.url === 'SELF127') input.url = `http://127.0.0.1:${new URL(w.app.url).port}/trpc/auth.me`;
    const before = webhookRows(w.app);
    const err = failed(await w.owner.browser.raw('webhooks.create', JSON.stringify(input)));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain(words);
    expect(Object.keys(err.fields ?? {})).toContain(field.split('.')[0]);
    expect(webhookRows(w.app)).toBe(before);
  });

  it('refuses a webhook past the 20 a space may have, in words', async () => {
    for (let i = 0; i < 20; i++) await addHook(['message.sent']);
    const err = failed(await w.owner.browser.mutate('webhooks.create', { spaceId: w.a.id, url: receiver.url, events: ['message.sent'] }));
    expect(err).toMatchObject({ code: 'BAD_REQUEST', message: 'A space can have at most 20 webhooks. Delete one you no longer use first.' });
    expect(webhookRows(w.app)).toBe(20);
  });

  it('refuses a body that is not JSON, and answers normally afterwards', async () => {
    const err = failed(await w.owner.browser.raw('webhooks.create', '{"spaceId":'));
    expect(err.code).toBe('BAD_REQUEST');
    expect(ok(await w.owner.browser.query('webhooks.list', { spaceId: w.a.id }))).toEqual([]);
  });

  it('streams webhook news to owners and managers only (an agent’s event stream does not carry it)', async () => {
    const read = async (browser: Browser) => {
      const abort = new AbortController();
      const res = await browser.fetch(`/trpc/spaces.events?input=${encodeURIComponent(JSON.stringify({ spaceId: w.a.id }))}`, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
      const state = { text: '' };
      void (async () => {
        const decoder = new TextDecoder();
        const reader = res.body!.getReader();
        try {
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) state.text += decoder.decode(chunk.value, { stream: true });
        } catch {
          // closed
        }
      })();
      return { state, close: () => abort.abort() };
    };
    const ownerStream = await read(w.owner.browser);
    const agentStream = await read(w.alice.browser);
    try {
      await waitFor('both streams connected', () => ownerStream.state.text.includes('connected') && agentStream.state.text.includes('connected'));
      await addHook(['message.received']);
      await (await arrive(w.app, w.a.chatKey)).say('Stream me');
      await waitFor('the delivery news on the owner’s stream', () => ownerStream.state.text.includes('webhookDeliveries.changed'));
      await waitFor('the conversation on the agent’s stream', () => agentStream.state.text.includes('conversation.changed'));
      expect(ownerStream.state.text).toContain('webhooks.changed');
      expect(agentStream.state.text).not.toMatch(/webhooks\.changed|webhookDeliveries\.changed/);
    } finally {
      ownerStream.close();
      agentStream.close();
    }
  });

  it('works through the admin API with a token (create, list, delete)', async () => {
    const { token } = ok(await w.owner.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'webhooks script' }));
    const script = new Browser(w.app.url, { bearer: token });
    const created = ok(await script.mutate('webhooks.create', { spaceId: w.a.id, url: receiver.url, events: ['conversation.closed'] }));
    expect(created.secret).toMatch(/^whsec_/);
    expect(ok(await script.query('webhooks.list', { spaceId: w.a.id })).map((h) => h.id)).toEqual([created.id]);
    ok(await script.mutate('webhooks.delete', { spaceId: w.a.id, webhookId: created.id }));
    expect(ok(await script.query('webhooks.list', { spaceId: w.a.id }))).toEqual([]);
  });
});

describe('private addresses without the operator’s allowance', () => {
  let strict: TestApp;
  let owner: Browser;
  let spaceId: string;
  beforeAll(async () => {
    strict = await startApp({ webhookTimeoutMs: 300 });
    const o = await setupOwner(strict);
    owner = o.browser;
    spaceId = o.space.id;
  });
  afterAll(() => strict.close());

  it.each(['http://127.0.0.1:9/x', 'http://localhost:9/x', 'http://[::1]/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:192.168.0.1]/x'])(
    'refuses %s with words, writing nothing',
    async (url) => {
      const err = failed(await owner.mutate('webhooks.create', { spaceId, url, events: ['message.sent'] }));
      expect(err).toMatchObject({ code: 'BAD_REQUEST', fields: { url: [expect.stringMatching(/is a private or local address, which Kaon does not send to\. .*WEBHOOKS_ALLOW_PRIVATE=1/)] } });
      expect(webhookRows(strict)).toBe(0);
    },
  );

  it('refuses a name that does not resolve', async () => {
    const err = failed(await owner.mutate('webhooks.create', { spaceId, url: 'https://no-such-host.invalid/x', events: ['message.sent'] }));
    expect(err).toMatchObject({ message: 'url: Kaon could not find the server no-such-host.invalid. Check the address.', fields: { url: [expect.any(String)] } });
  });
});

describe('restart', () => {
  it('keeps pending deliveries: a new process sends them', async () => {
    const app = await startApp(FAST);
    const o = await setupOwner(app);
    const chatKey = (ok(await o.browser.query('channels.list', { spaceId: o.space.id })).find((c) => c.kind === 'webchat')!.chatPath ?? '').slice('/chat/'.length);
    const own = await startReceiver();
    own.answerAlways(500);
    const hook = ok(await o.browser.mutate('webhooks.create', { spaceId: o.space.id, url: own.url, events: ['message.received'] }));
    // Many attempts, so it is still retrying when Kaon stops.
    app.kaon.deps.config.webhookMaxAttempts = 1000;
    const visitor = await arrive(app, chatKey);
    await visitor.say('Survives a restart');
    await waitFor('a failed attempt', () => own.received.length >= 1);
    await app.kaon.close();
    own.answerAlways(200);
    own.received.length = 0;
    let next: Kaon | undefined;
    try {
      next = createKaon(app.config, app.clock.now);
      await next.listen(0);
      await waitFor('the delivery after the restart', () => own.received.length >= 1);
      expect(own.received[0]!.json).toMatchObject({ type: 'message.received', data: { message: { body: 'Survives a restart' } } });
      expect(verifySignature(hook.secret, own.received[0]!.body, String(own.received[0]!.headers['kaon-signature']), Math.floor(Date.now() / 1000))).toBe(true);
      await waitFor('delivered', () => (next!.deps.db.prepare("SELECT state FROM webhook_deliveries WHERE event_type = 'message.received'").get() as { state: string }).state === 'delivered');
    } finally {
      await next?.close();
      await own.close();
      rmSync(app.dir, { recursive: true, force: true });
    }
  });
});
