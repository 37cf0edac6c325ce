import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHATSAPP_WINDOW_MS, WINDOW_CLOSED_MESSAGE } from '../../../shared/domain/providers';
import { failed, ok } from '../../testing/harness';
import { convDoc } from '../../testing/messages';
import { clientId, contactIdOf, eventually, everything, messageById, newPhone, outboxOf, startChannelWorld, type ChannelWorld } from '../../testing/channels';

let w: ChannelWorld;
beforeAll(async () => {
  w = await startChannelWorld();
});
afterAll(() => w?.close());

/** A new customer writes (opening the window now, on the injected clock). */
async function customer(text = 'Hi, I need help') {
  const phone = newPhone();
  expect((await w.wa.customer.sendText(phone, text, { name: 'Maya Lopez' })).status).toBe(200);
  return { phone, contactId: contactIdOf(w.app, w.waChannelId, phone)! };
}

const reply = (contactId: string, body: string, fileIds: string[] = []) =>
  w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body, clientId: clientId(), fileIds });

const statusOf = (id: string) => messageById(w.app, id).status;
const sentTo = (phone: string) => w.wa.sent.filter((s) => s.to === phone);
const sendRequests = () => w.wa.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));

async function upload(name: string, mime: string, bytes: Buffer): Promise<string> {
  const res = await w.agent.browser.fetch(`/files?spaceId=${w.spaceId}`, { method: 'POST', body: new Uint8Array(bytes), headers: { 'content-type': mime, 'x-file-name': name } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('sending through the outbox', () => {
  it('a reply is stored pending with its outbox row, then sent with the provider message id', async () => {
    const c = await customer();
    const sent = ok(await reply(c.contactId, 'Hello Maya, how can I help?'));
    expect(sent.status).toBe('pending');
    const wamid = await eventually('the send to reach WhatsApp', () => sentTo(c.phone)[0]?.wamid);
    await eventually('the message to be sent', () => statusOf(sent.messageId) === 'sent');
    expect(sentTo(c.phone)[0]!.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: c.phone, type: 'text', text: { preview_url: false, body: 'Hello Maya, how can I help?' } });
    expect(sendRequests().at(-1)!.headers.authorization).toBe(`Bearer ${w.wa.accessToken}`);
    expect(outboxOf(w.app, sent.messageId)).toMatchObject({ state: 'sent', attempts: 0, parts_done: 0 });
    expect(w.app.kaon.deps.db.prepare('SELECT message_id FROM provider_messages WHERE external_id = ?').get(wamid)).toEqual({ message_id: sent.messageId });
    expect(convDoc(w.app, w.spaceId, sent.conversationId).items.find((i) => i.id === sent.messageId)).toMatchObject({ status: 'sent', error: null });
  });

  it('files go up through the media API and out as image / document messages, in order', async () => {
    const c = await customer();
    const png = await upload('receipt.png', 'image/png', Buffer.from('\x89PNG fake'));
    const pdf = await upload('terms.pdf', 'application/pdf', Buffer.from('%PDF fake'));
    const one = ok(await reply(c.contactId, 'Your receipt', [png]));
    await eventually('the captioned image to be sent', () => statusOf(one.messageId) === 'sent');
    const two = ok(await reply(c.contactId, 'Here are both', [png, pdf]));
    await eventually('the text and two files to be sent', () => statusOf(two.messageId) === 'sent');
    const bodies = sentTo(c.phone).map((s) => s.body);
    expect(bodies.map((b) => b.type)).toEqual(['image', 'text', 'image', 'document']);
    expect(bodies[0]).toMatchObject({ image: { caption: 'Your receipt' } });
    expect(bodies[3]).toMatchObject({ document: { filename: 'terms.pdf' } });
    const uploaded = w.wa.uploads.get((bodies[3] as { document: { id: string } }).document.id)!;
    expect(uploaded).toMatchObject({ name: 'terms.pdf', mime: 'application/pdf' });
    expect(uploaded.bytes.toString()).toBe('%PDF fake');
    // Every part's id maps back to the one message, for status webhooks.
    expect((w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM provider_messages WHERE message_id = ?').get(two.messageId) as { n: number }).n).toBe(3);
  });
});

describe("WhatsApp's 24-hour window (computed from the contact's last inbound message)", () => {
  it('free-form is allowed until 24 h after the last customer message, refused after, and reopened when the customer writes', async () => {
    const c = await customer();
    const window = async () => ok(await w.agent.browser.query('providerChannels.window', { spaceId: w.spaceId, contactId: c.contactId }));
    const opened = w.app.clock.now();
    expect(await window()).toMatchObject({ channelKind: 'whatsapp', freeFormAllowed: true, closesAt: opened + WHATSAPP_WINDOW_MS, lastInboundAt: opened, templatesAvailable: true });

    w.app.clock.advance(WHATSAPP_WINDOW_MS - 60_000);
    const within = ok(await reply(c.contactId, 'Still within the window'));
    // Sent before the snapshot below: the refused reply must change nothing, the worker's send aside.
    await eventually('the reply within the window to be sent', () => statusOf(within.messageId) === 'sent');

    w.app.clock.advance(120_000);
    expect(await window()).toMatchObject({ freeFormAllowed: false, reason: WINDOW_CLOSED_MESSAGE });
    const before = everything(w.app);
    const refused = failed(await reply(c.contactId, 'Too late for free-form'));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', message: WINDOW_CLOSED_MESSAGE });
    expect(everything(w.app)).toEqual(before);

    await w.wa.customer.sendText(c.phone, 'Hello again');
    expect(await window()).toMatchObject({ freeFormAllowed: true, closesAt: w.app.clock.now() + WHATSAPP_WINDOW_MS });
    ok(await reply(c.contactId, 'Welcome back'));
  });

  it("a webhook delivered late is dated by Meta's timestamp: the window counts from when the customer wrote", async () => {
    const phone = newPhone();
    const wroteAt = w.app.clock.now() - WHATSAPP_WINDOW_MS - 3_600_000; // 25 hours ago, delivered only now
    const late = { type: 'text', text: { body: 'Sent yesterday, delivered today' }, timestamp: String(Math.floor(wroteAt / 1000)) };
    expect((await w.wa.customer.sendMessage(phone, late, { name: 'Ravi Late' })).status).toBe(200);
    const contactId = contactIdOf(w.app, w.waChannelId, phone)!;
    const stored = w.app.kaon.deps.db
      .prepare("SELECT m.created_at FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.contact_id = ? AND m.direction = 'in'")
      .get(contactId) as { created_at: number };
    expect(stored.created_at).toBe(Math.floor(wroteAt / 1000) * 1000);
    const window = ok(await w.agent.browser.query('providerChannels.window', { spaceId: w.spaceId, contactId }));
    expect(window).toMatchObject({ freeFormAllowed: false, reason: WINDOW_CLOSED_MESSAGE, lastInboundAt: stored.created_at });
    expect(failed(await reply(contactId, 'Free-form after the window'))).toMatchObject({ code: 'BAD_REQUEST', message: WINDOW_CLOSED_MESSAGE });
  });

  it('a timestamp in the future is taken as now (never later than Kaon’s clock)', async () => {
    const phone = newPhone();
    const future = { type: 'text', text: { body: 'From the future' }, timestamp: String(Math.floor((w.app.clock.now() + 86_400_000) / 1000)) };
    expect((await w.wa.customer.sendMessage(phone, future)).status).toBe(200);
    const contactId = contactIdOf(w.app, w.waChannelId, phone)!;
    const window = ok(await w.agent.browser.query('providerChannels.window', { spaceId: w.spaceId, contactId }));
    expect(window).toMatchObject({ freeFormAllowed: true, lastInboundAt: w.app.clock.now() });
  });

  it.each([
    { mode: 'sync' as const, what: 'HTTP 400 with error 131047' },
    { mode: 'async' as const, what: 'a failed status webhook with error 131047' },
    { mode: 'early' as const, what: 'that webhook arriving before the answer to the send' },
  ])('the provider saying so ($what) fails the message with the same words', async ({ mode }) => {
    const c = await customer();
    w.wa.failNext({ kind: 'window', mode }, { to: c.phone });
    const sent = ok(await reply(c.contactId, 'Are you there?'));
    await eventually('the message to fail', () => statusOf(sent.messageId) === 'failed');
    expect(messageById(w.app, sent.messageId).error).toBe(WINDOW_CLOSED_MESSAGE);
  });
});

describe('templates', () => {
  it('owners save templates with numbered variables; agents pick one and send it, also outside the window', async () => {
    const saved = ok(
      await w.owner.browser.mutate('providerChannels.saveTemplate', {
        spaceId: w.spaceId,
        channelId: w.waChannelId,
        name: 'order_update',
        language: 'en_US',
        body: 'Hi {{1}}, your order {{2}} has shipped.',
        variableLabels: ['Customer name', 'Order number'],
      }),
    );
    expect(saved).toMatchObject({ name: 'order_update', language: 'en_US', variableLabels: ['Customer name', 'Order number'] });
    expect(failed(await w.agent.browser.mutate('providerChannels.saveTemplate', { spaceId: w.spaceId, channelId: w.waChannelId, name: 'x', language: 'en', body: 'x' })).code).toBe('FORBIDDEN');
    const gap = failed(await w.owner.browser.mutate('providerChannels.saveTemplate', { spaceId: w.spaceId, channelId: w.waChannelId, name: 'gap', language: 'en', body: 'Hi {{2}}' }));
    expect(gap).toMatchObject({ code: 'BAD_REQUEST', message: 'body: Variables must be numbered {{1}} to {{1}} without gaps' });
    expect(ok(await w.agent.browser.query('providerChannels.listTemplates', { spaceId: w.spaceId, channelId: w.waChannelId })).map((t) => t.name)).toContain('order_update');

    const c = await customer();
    w.app.clock.advance(WHATSAPP_WINDOW_MS + 1);
    const send = (values: string[]) => w.agent.browser.mutate('providerChannels.sendTemplate', { spaceId: w.spaceId, contactId: c.contactId, templateId: saved.id, values, clientId: clientId() });
    expect(failed(await send(['Maya']))).toMatchObject({ code: 'BAD_REQUEST', message: 'This template needs 2 values, got 1' });
    const sent = ok(await send(['Maya', 'ORD-9271']));
    await eventually('the template to be sent', () => statusOf(sent.messageId) === 'sent');
    expect(messageById(w.app, sent.messageId).body).toBe('Hi Maya, your order ORD-9271 has shipped.');
    expect(sentTo(c.phone)[0]!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: c.phone,
      type: 'template',
      template: {
        name: 'order_update',
        language: { policy: 'deterministic', code: 'en_US' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Maya' }, { type: 'text', text: 'ORD-9271' }] }],
      },
    });

    ok(await w.owner.browser.mutate('providerChannels.deleteTemplate', { spaceId: w.spaceId, templateId: saved.id }));
    expect(failed(await send(['Maya', 'ORD-1'])).code).toBe('NOT_FOUND');
  });
});

describe('retries', () => {
  it('5xx twice, then success: retried with growing, jittered delays; one message, sent once', async () => {
    const c = await customer();
    w.wa.failNext({ kind: 'status', status: 503 }, { times: 2, to: c.phone });
    const sent = ok(await reply(c.contactId, 'Third time lucky'));
    await eventually('the message to be sent', () => statusOf(sent.messageId) === 'sent');
    const attempts = sendRequests().filter((r) => (r.body as { to?: string }).to === c.phone);
    expect(attempts).toHaveLength(3);
    // base 20 ms: the first wait is 10–20 ms, the second 20–40 ms.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(9);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(19);
    expect(sentTo(c.phone)).toHaveLength(1);
    expect(outboxOf(w.app, sent.messageId)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('429 waits at least as long as its Retry-After hint', async () => {
    const c = await customer();
    w.wa.failNext({ kind: 'status', status: 429, retryAfterS: 1 }, { to: c.phone });
    const sent = ok(await reply(c.contactId, 'Throttled'));
    await eventually('the message to be sent', () => statusOf(sent.messageId) === 'sent');
    const attempts = sendRequests().filter((r) => (r.body as { to?: string }).to === c.phone);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('a provider that does not answer times out and is retried', async () => {
    const c = await customer();
    w.wa.failNext({ kind: 'timeout' }, { to: c.phone });
    const sent = ok(await reply(c.contactId, 'Hello?'));
    await eventually('the message to be sent', () => statusOf(sent.messageId) === 'sent');
    expect(outboxOf(w.app, sent.messageId)!.attempts).toBe(1);
  });

  it('a permanent refusal fails the message with the provider reason; the agent retries it', async () => {
    const c = await customer();
    w.wa.failNext({ kind: 'status', status: 400, code: 100, message: '(#100) Invalid parameter' }, { to: c.phone });
    const sent = ok(await reply(c.contactId, 'Bad parameter'));
    await eventually('the message to fail', () => statusOf(sent.messageId) === 'failed');
    expect(messageById(w.app, sent.messageId).error).toBe('WhatsApp refused the message: (#100) Invalid parameter (error 100)');
    expect(sendRequests().filter((r) => (r.body as { to?: string }).to === c.phone)).toHaveLength(1);
    const list = ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId }));
    expect(list.find((ch) => ch.id === w.waChannelId)!.health.lastSendError).toBe('WhatsApp refused the message: (#100) Invalid parameter (error 100)');

    expect(ok(await w.agent.browser.mutate('providerChannels.retrySend', { spaceId: w.spaceId, messageId: sent.messageId }))).toEqual({ messageId: sent.messageId, status: 'pending' });
    await eventually('the retried message to be sent', () => statusOf(sent.messageId) === 'sent');
    expect(messageById(w.app, sent.messageId).error).toBeNull();
    expect(failed(await w.agent.browser.mutate('providerChannels.retrySend', { spaceId: w.spaceId, messageId: sent.messageId })).message).toBe(
      'Only a message that failed can be sent again.',
    );
  });

  it('gives up after the configured attempts, saying so', async () => {
    const c = await customer();
    w.wa.failNext({ kind: 'status', status: 500 }, { times: 4, to: c.phone });
    const sent = ok(await reply(c.contactId, 'Never arrives'));
    await eventually('the message to fail', () => statusOf(sent.messageId) === 'failed');
    expect(messageById(w.app, sent.messageId).error).toBe('WhatsApp is busy or unavailable (HTTP 500, error 1); gave up after 4 attempts.');
  });

  it("a customer's replies go out in order even when the first one has to be retried", async () => {
    const c = await customer();
    w.wa.failNext({ kind: 'status', status: 502 }, { to: c.phone });
    const first = ok(await reply(c.contactId, 'one'));
    const second = ok(await reply(c.contactId, 'two'));
    await eventually('both to be sent', () => statusOf(first.messageId) === 'sent' && statusOf(second.messageId) === 'sent');
    expect(sentTo(c.phone).map((s) => (s.body as { text: { body: string } }).text.body)).toEqual(['one', 'two']);
  });
});
