/**
 * The public chat surface under load: sends, new visitors, uploads and open
 * streams are limited per visitor and per client address, answering 429 in words a visitor reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../config';
import { configFromEnv } from '../config';
import { failed, ok } from '../testing/harness';
import { eventually, healthy, newClientId, openSse, rows, startWorld, Visitor, type World } from '../testing/messages';

let w: World;
afterEach(() => w?.app.close());

const start = (overrides: Partial<Config>) => startWorld({ trustProxy: 1, ...overrides }).then((world) => (w = world));

/** A visitor whose requests come from `ip` (through the trusted proxy). */
function visitorAt(ip: string, chatKey = w.a.chatKey): Visitor {
  const v = new Visitor(w.app, chatKey);
  (v as { browser: Visitor['browser'] }).browser = w.app.browser({ headers: { 'x-forwarded-for': ip } });
  return v;
}

async function upload(v: Visitor, bytes: string) {
  const res = await v.browser.fetch(`/chat/${v.chatKey}/files`, { method: 'POST', body: bytes, headers: { 'content-type': 'text/plain', 'x-file-name': 'note.txt' } });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { id?: string; error?: string } };
}

describe('chat sends', () => {
  it('are limited per visitor, in words, and the visitor can send again after a minute', async () => {
    await start({ chatMessagesPerMinute: 3 });
    const v = visitorAt('203.0.113.1');
    ok(await v.hello());
    for (let i = 0; i < 3; i++) ok(await v.send(`message ${i}`));
    const before = rows(w.app, 'messages');
    const refused = failed(await v.send('one too many'));
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.status).toBe(429);
    expect(refused.message).toMatch(/^You are sending messages too quickly\. Wait \d+ seconds? and send it again\.$/);
    expect(rows(w.app, 'messages')).toBe(before);
    // Another visitor at the same address is not held back by this one.
    const other = visitorAt('203.0.113.1');
    ok(await other.hello());
    ok(await other.send('hello from the same office'));
    w.app.clock.advance(60_001);
    ok(await v.send('later'));
  });

  it('are limited per client address across visitors', async () => {
    await start({ chatMessagesPerMinutePerIp: 4 });
    const sent = [];
    for (let i = 0; i < 5; i++) {
      const v = visitorAt('203.0.113.2');
      ok(await v.hello());
      sent.push(await v.send(`visitor ${i}`));
    }
    expect(sent.filter((r) => r.ok).length).toBe(4);
    expect(failed(sent[4]!).code).toBe('TOO_MANY_REQUESTS');
    const elsewhere = visitorAt('203.0.113.3');
    ok(await elsewhere.hello());
    ok(await elsewhere.send('another network'));
  });

  it('one batched request cannot carry more than the batch limit of sends', async () => {
    await start({});
    const v = visitorAt('203.0.113.4');
    ok(await v.hello());
    const n = 100;
    const paths = Array.from({ length: n }, () => 'webchat.send').join(',');
    const body = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { channelKey: v.chatKey, body: `m${i}`, clientId: newClientId() }]));
    const res = await v.browser.fetch(`/trpc/${paths}?batch=1`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(rows(w.app, 'messages')).toBe(0);
  });
});

describe('new visitors', () => {
  it('are limited per client address, whether they say hello or just send', async () => {
    await start({ chatNewVisitorsPerHourPerIp: 3 });
    for (let i = 0; i < 2; i++) ok(await visitorAt('203.0.113.5').hello());
    ok(await visitorAt('203.0.113.5').send('no hello, straight in'));
    const contacts = rows(w.app, 'contacts');
    const refused = failed(await visitorAt('203.0.113.5').send('a fourth new visitor'));
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.message).toMatch(/^Too many new chats from your network\. Try again in \d+ minutes?\.$/);
    expect(failed(await visitorAt('203.0.113.5').hello()).code).toBe('TOO_MANY_REQUESTS');
    expect(rows(w.app, 'contacts')).toBe(contacts);
    // A returning visitor at that address is not new.
    const first = visitorAt('203.0.113.6');
    ok(await first.hello());
    ok(await visitorAt('203.0.113.7').hello());
  });
});

describe('visitor uploads', () => {
  it('need a visitor who said hello on that channel: a well-formed cookie alone is refused', async () => {
    await start({});
    const forged = visitorAt('203.0.113.8');
    forged.browser.cookies.set('kaon_visitor', 'A'.repeat(43));
    const res = await upload(forged, 'hello');
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('Reload the chat page and try again.');
    expect(rows(w.app, 'files')).toBe(0);
    // Said hello on channel A: uploads on A, not on B.
    const v = visitorAt('203.0.113.8');
    ok(await v.hello());
    expect((await upload(v, 'receipt')).status).toBe(201);
    const onB = visitorAt('203.0.113.8', w.b.chatKey);
    onB.browser.cookies.set('kaon_visitor', v.cookie!);
    expect((await upload(onB, 'receipt')).status).toBe(401);
  });

  it('have a per-visitor quota of files and bytes per hour, answered 429 in words with Retry-After', async () => {
    await start({ chatUploadsPerHour: 2, chatUploadBytesPerHour: 1000 });
    const v = visitorAt('203.0.113.9');
    ok(await v.hello());
    expect((await upload(v, 'a')).status).toBe(201);
    expect((await upload(v, 'b')).status).toBe(201);
    const third = await upload(v, 'c');
    expect(third.status).toBe(429);
    expect(third.body.error).toMatch(/^You have sent many files in a short time\. Wait \d+ minutes? and try again\.$/);
    expect(Number(third.retryAfter)).toBeGreaterThan(0);
    expect(rows(w.app, 'files')).toBe(2);

    const big = visitorAt('203.0.113.10');
    ok(await big.hello());
    expect((await upload(big, 'x'.repeat(900))).status).toBe(201);
    expect((await upload(big, 'y'.repeat(200))).status).toBe(429);
    w.app.clock.advance(3_600_001);
    expect((await upload(big, 'y'.repeat(200))).status).toBe(201);
  });

  it('are limited per client address too', async () => {
    await start({ chatUploadsPerHourPerIp: 2 });
    const results = [];
    for (let i = 0; i < 3; i++) {
      const v = visitorAt('203.0.113.11');
      ok(await v.hello());
      results.push((await upload(v, `file ${i}`)).status);
    }
    expect(results).toEqual([201, 201, 429]);
  });
});

describe('chat streams (webchat.events)', () => {
  it('are limited per visitor and freed when closed', async () => {
    await start({ chatStreamsPerVisitor: 2 });
    const v = visitorAt('203.0.113.12');
    ok(await v.hello());
    const { contactId } = await v.say('hi');
    const a = await openSse(v.browser, 'webchat.events', { channelKey: v.chatKey });
    const b = await openSse(v.browser, 'webchat.events', { channelKey: v.chatKey });
    await Promise.all([a.connected, b.connected]);
    const third = await v.browser.fetch(`/trpc/webchat.events?input=${encodeURIComponent(JSON.stringify({ channelKey: v.chatKey }))}`, { headers: { accept: 'text/event-stream' } });
    const text = await third.text();
    expect(text).toContain('This chat is open in too many tabs. Close some of them and reload this page.');
    await a.close();
    await new Promise((r) => setTimeout(r, 50));
    const again = await openSse(v.browser, 'webchat.events', { channelKey: v.chatKey });
    await again.connected;
    // It is a working stream, not a refusal: an agent's reply ticks on it.
    ok(await w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body: 'Hello!', clientId: newClientId() }));
    await eventually('the tick on the reopened stream', () => again.messages.length > 0);
    await again.close();
    await b.close();
  });

  it('are limited per client address', async () => {
    await start({ chatStreamsPerIp: 1 });
    const first = visitorAt('203.0.113.13');
    ok(await first.hello());
    ok(await first.send('hi'));
    const open = await openSse(first.browser, 'webchat.events', { channelKey: first.chatKey });
    await open.connected;
    const second = visitorAt('203.0.113.13');
    ok(await second.hello());
    ok(await second.send('hi'));
    const refused = await second.browser.fetch(`/trpc/webchat.events?input=${encodeURIComponent(JSON.stringify({ channelKey: second.chatKey }))}`, { headers: { accept: 'text/event-stream' } });
    expect(await refused.text()).toContain('This chat is open in too many tabs.');
    // Another address still gets its stream.
    const elsewhere = visitorAt('203.0.113.14');
    ok(await elsewhere.hello());
    ok(await elsewhere.send('hi'));
    const theirs = await openSse(elsewhere.browser, 'webchat.events', { channelKey: elsewhere.chatKey });
    await theirs.connected;
    await theirs.close();
    await open.close();
    expect(await healthy(w.app)).toMatchObject({ status: 200 });
  });
});

it('reads the chat limits from the environment', () => {
  const c = configFromEnv({
    CHAT_MESSAGES_PER_MINUTE: '7',
    CHAT_MESSAGES_PER_MINUTE_PER_IP: '70',
    CHAT_NEW_VISITORS_PER_HOUR_PER_IP: '8',
    CHAT_UPLOADS_PER_HOUR: '9',
    CHAT_UPLOADS_PER_HOUR_PER_IP: '90',
    CHAT_UPLOAD_MB_PER_HOUR: '10',
    CHAT_UPLOAD_MB_PER_HOUR_PER_IP: '100',
    CHAT_STREAMS_PER_VISITOR: '3',
    CHAT_STREAMS_PER_IP: '30',
  });
  expect(c).toMatchObject({
    chatMessagesPerMinute: 7,
    chatMessagesPerMinutePerIp: 70,
    chatNewVisitorsPerHourPerIp: 8,
    chatUploadsPerHour: 9,
    chatUploadsPerHourPerIp: 90,
    chatUploadBytesPerHour: 10 * 1024 * 1024,
    chatUploadBytesPerHourPerIp: 100 * 1024 * 1024,
    chatStreamsPerVisitor: 3,
    chatStreamsPerIp: 30,
  });
  expect(() => configFromEnv({ CHAT_MESSAGES_PER_MINUTE: '0' })).toThrow('CHAT_MESSAGES_PER_MINUTE must be a whole number of at least 1');
});
