import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../config';
import { ok, startApp, type TestApp } from '../testing/harness';
import { startSimulator, type Simulator } from './simulator';
import { clientId, contactIdOf, everything, eventually, inboundByKey, messageById, newPhone, startChannelWorld, type ChannelWorld } from '../testing/channels';

/** The simulator's API needs a signed-in owner: once the world exists, requests carry the owner's session. */
let cookie: string | undefined;
const auth = (): Record<string, string> => (cookie ? { cookie } : {});
const get = (url: string) => fetch(url, { headers: auth() });
const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth() }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const cookieOf = (browser: { cookies: Map<string, string> }) => [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

describe('customer simulator off (SIMULATOR unset)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('answers 404 on the page and every endpoint, and moves no clock', async () => {
    expect(app.config.simulator).toBe(false);
    const before = everything(app as never);
    for (const path of ['/simulator', '/simulator/', '/simulator/app.js', '/simulator/api/channels', '/simulator/api/thread?channelId=x&from=15551234567']) {
      expect((await get(app.url + path)).status, path).toBe(404);
    }
    for (const path of ['/simulator/api/send', '/simulator/api/read', '/simulator/api/clock']) {
      expect((await post(app.url + path, { advanceMs: 1000, channelId: 'x', from: '15551234567', text: 'hi' })).status, path).toBe(404);
    }
    expect(everything(app as never)).toEqual(before);
  });

  it('is off unless SIMULATOR is exactly 1', () => {
    expect(configFromEnv({}).simulator).toBe(false);
    expect(configFromEnv({ SIMULATOR: '0' }).simulator).toBe(false);
    expect(configFromEnv({ SIMULATOR: 'true' }).simulator).toBe(false);
    expect(configFromEnv({ SIMULATOR: '1' }).simulator).toBe(true);
  });

  it('refuses to start next to real customers (NODE_ENV=production)', () => {
    expect(() => configFromEnv({ SIMULATOR: '1', NODE_ENV: 'production' })).toThrow('SIMULATOR=1 is for development and demos only');
    expect(configFromEnv({ NODE_ENV: 'production' }).simulator).toBe(false);
  });
});

describe('customer simulator on (SIMULATOR=1)', () => {
  let sim: Simulator;
  let w: ChannelWorld;
  beforeAll(async () => {
    // In production Kaon runs on the simulator's clock; here the simulator follows the test's Kaon clock.
    let wall = Date.now;
    sim = await startSimulator(configFromEnv({}), () => wall());
    // The world's channels use the fakes' default credentials, which the simulator's fakes share.
    // Kaon's SMTP receiver on a free loopback port, as the simulator's config turns it on.
    w = await startChannelWorld(
      { whatsappApiBase: sim.wa.url, telegramApiBase: sim.tg.url, simulator: true, smtpPort: sim.config.smtpPort, smtpHost: sim.config.smtpHost, inboundEmailDomain: sim.config.inboundEmailDomain },
      { simulator: sim.handler },
    );
    wall = w.app.clock.now;
    cookie = cookieOf(w.owner.browser);
  });
  afterAll(async () => {
    await w.close();
    await sim.close();
  });

  it('serves the page and lists the channels of every space with the fakes’ credentials, no secrets', async () => {
    const page = await get(`${w.app.url}/simulator`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Customer simulator');
    const list = (await (await get(`${w.app.url}/simulator/api/channels`)).json()) as { channels: Array<{ id: string; kind: string }>; whatsapp: { phoneNumberId: string } };
    expect(list.channels.map((c) => c.id).sort()).toEqual([w.waChannelId, w.tgChannelId].sort());
    expect(list.whatsapp.phoneNumberId).toBe(sim.wa.phoneNumberId);
    expect(JSON.stringify(list)).not.toContain(sim.wa.appSecret);
  });

  it('a WhatsApp customer writes through a signed webhook; the agent’s reply shows with its ticks, delivered then read', async () => {
    const phone = newPhone();
    const sent = await post(`${w.app.url}/simulator/api/send`, { channelId: w.waChannelId, from: phone, name: 'Sim Customer', text: 'Where is my parcel?' });
    expect(sent.status).toBe(200);
    const { id } = (await sent.json()) as { id: string };
    expect(inboundByKey(w.app, id)?.body).toBe('Where is my parcel?');
    const contactId = contactIdOf(w.app, w.waChannelId, phone)!;

    const { messageId } = ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'It left this morning', clientId: clientId(), fileIds: [] }));
    await eventually('the reply to be delivered', () => messageById(w.app, messageId).status === 'delivered');
    const thread = async () =>
      ((await (await get(`${w.app.url}/simulator/api/thread?channelId=${w.waChannelId}&from=${phone}`)).json()) as { lines: Array<{ from: string; text: string; status: string | null }> }).lines;
    expect((await thread()).map((l) => [l.from, l.text])).toEqual([
      ['customer', 'Where is my parcel?'],
      ['agent', 'It left this morning'],
    ]);
    expect((await thread())[1]!.status).toBe('delivered');

    expect((await post(`${w.app.url}/simulator/api/read`, { channelId: w.waChannelId, from: phone })).status).toBe(200);
    expect(messageById(w.app, messageId).status).toBe('read');
    expect((await thread())[1]!.status).toBe('read');
  });

  it('a WhatsApp customer sends a file: it is downloaded into Kaon', async () => {
    const phone = newPhone();
    const file = { name: 'receipt.pdf', mime: 'application/pdf', base64: Buffer.from('%PDF-1.4 fake').toString('base64') };
    const res = await post(`${w.app.url}/simulator/api/send`, { channelId: w.waChannelId, from: phone, text: '', file });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    expect(inboundByKey(w.app, id)).toBeDefined();
  });

  it('a Telegram customer writes to the connected bot', async () => {
    const res = await post(`${w.app.url}/simulator/api/send`, { channelId: w.tgChannelId, from: '424242', name: 'Tg Customer', text: 'Hi bot' });
    expect(res.status).toBe(200);
    const contactId = contactIdOf(w.app, w.tgChannelId, '424242')!;
    ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'Hello from the bot', clientId: clientId(), fileIds: [] }));
    const thread = async () =>
      ((await (await get(`${w.app.url}/simulator/api/thread?channelId=${w.tgChannelId}&from=424242`)).json()) as { lines: Array<{ from: string; text: string; status: string | null }> }).lines;
    await eventually('the bot’s reply to reach the fake', () => sim.tg.sent.some((m) => m.text === 'Hello from the bot'));
    expect((await thread()).map((l) => [l.from, l.text, l.status])).toEqual([
      ['customer', 'Hi bot', null],
      ['agent', 'Hello from the bot', 'sent'],
    ]);
  });

  it('refuses bad input in words and writes nothing', async () => {
    const before = everything(w.app);
    const cases: Array<[unknown, number]> = [
      ['{not json', 400],
      [{ channelId: w.waChannelId, from: 'abc', text: 'hi' }, 400],
      [{ channelId: w.waChannelId, from: '15551234567', text: '   ' }, 400],
      [{ channelId: 'no-such-channel', from: '15551234567', text: 'hi' }, 404],
    ];
    for (const [body, status] of cases) {
      const res = await post(`${w.app.url}/simulator/api/send`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(/\w/);
    }
    expect((await post(`${w.app.url}/simulator/api/clock`, { advanceMs: -5 })).status).toBe(400);
    expect(everything(w.app)).toEqual(before);
  });

  it('an e-mail customer writes to a forwarding address through Kaon’s SMTP receiver; the agent’s reply goes out through the e-mail adapter and shows; her answer threads', async () => {
    expect(sim.config).toMatchObject({ smtpPort: 0, smtpHost: '127.0.0.1', inboundEmailDomain: 'kaon.localhost' });
    const channel = ok(
      await w.owner.browser.mutate('providerChannels.createEmail', { spaceId: w.spaceId, name: 'Help desk', mode: 'forwarding', address: 'help@shop.test', smtpHost: sim.mail.host, smtpPort: sim.mail.port, smtpSecurity: 'none', smtpUser: '' }),
    );
    const listed = (await (await get(`${w.app.url}/simulator/api/channels`)).json()) as { channels: Array<{ id: string; kind: string; mode?: string }>; email: { smtpHost: string; smtpPort: number } };
    expect(listed.channels.find((c) => c.id === channel.id)).toMatchObject({ kind: 'email', mode: 'forwarding' });
    expect(listed.email).toEqual({ smtpHost: sim.mail.host, smtpPort: sim.mail.port });

    const sent = await post(`${w.app.url}/simulator/api/send`, { channelId: channel.id, from: 'Ada@Customer.test', name: 'Ada Lovelace', text: 'My parcel is late.\nCan you check?' });
    expect(sent.status).toBe(200);
    const { id: firstId } = (await sent.json()) as { id: string };
    const db = w.app.kaon.deps.db;
    const first = db.prepare('SELECT e.conversation_id, e.subject, m.body FROM email_messages e JOIN messages m ON m.id = e.message_id WHERE e.rfc_id = ?').get(firstId) as { conversation_id: string; subject: string; body: string };
    expect(first).toMatchObject({ subject: 'My parcel is late.', body: 'My parcel is late.\nCan you check?' });
    const contactId = contactIdOf(w.app, channel.id, 'ada@customer.test')!;
    expect(contactId).toBeDefined();

    const { messageId } = ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'It left this morning.', clientId: clientId(), fileIds: [] }));
    await eventually('the reply sent over SMTP', () => messageById(w.app, messageId).status === 'sent');
    const thread = async () =>
      ((await (await get(`${w.app.url}/simulator/api/thread?channelId=${channel.id}&from=ada@customer.test`)).json()) as { lines: Array<{ from: string; text: string }> }).lines;
    await eventually('the reply on the page', async () => (await thread()).length === 2);
    expect((await thread()).map((l) => [l.from, l.text])).toEqual([
      ['customer', 'My parcel is late.\nCan you check?'],
      ['agent', 'It left this morning.'],
    ]);

    // Her answer is a reply to Kaon's mail (In-Reply-To), so it joins the same conversation.
    const again = await post(`${w.app.url}/simulator/api/send`, { channelId: channel.id, from: 'ada@customer.test', name: 'Ada Lovelace', text: 'Thanks!' });
    const { id: answerId } = (await again.json()) as { id: string };
    const answer = db.prepare('SELECT conversation_id, subject FROM email_messages WHERE rfc_id = ?').get(answerId) as { conversation_id: string; subject: string };
    expect(answer).toEqual({ conversation_id: first.conversation_id, subject: 'Re: My parcel is late.' });

    const mailbox = ok(
      await w.owner.browser.mutate('providerChannels.createEmail', { spaceId: w.spaceId, name: 'Mailbox', mode: 'mailbox', address: 'box@shop.test', imapHost: '127.0.0.1', imapPort: 9, imapSecurity: 'none', imapUser: 'box', imapFolder: 'INBOX', imapPassword: 'x', smtpHost: sim.mail.host, smtpPort: sim.mail.port, smtpSecurity: 'none', smtpUser: '' }),
    );
    // Bad input in words, nothing written.
    const before = everything(w.app);
    const bad = await post(`${w.app.url}/simulator/api/send`, { channelId: channel.id, from: '15551234567', text: 'hi' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('Enter the customer’s e-mail address (like ada@customer.test)');
    const refused = await post(`${w.app.url}/simulator/api/send`, { channelId: mailbox.id, from: 'ada@customer.test', text: 'hi' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toBe('This e-mail channel reads a mailbox: the simulator writes to e-mail channels of the forwarding-address kind only.');
    expect((await get(`${w.app.url}/simulator/api/thread?channelId=${channel.id}&from=not-an-address`)).status).toBe(400);
    expect(everything(w.app)).toEqual(before);
    ok(await w.owner.browser.mutate('providerChannels.delete', { spaceId: w.spaceId, channelId: mailbox.id }));
  });

  it('moves the simulator’s clock forward', async () => {
    const before = sim.now();
    const res = (await (await post(`${w.app.url}/simulator/api/clock`, { advanceMs: 25 * 3_600_000 })).json()) as { offsetMs: number };
    expect(res.offsetMs).toBe(25 * 3_600_000);
    expect(sim.now() - before).toBeGreaterThanOrEqual(25 * 3_600_000);
  });
});

describe('customer simulator access (SIMULATOR=1)', () => {
  let sim: Simulator;
  let w: ChannelWorld;
  beforeAll(async () => {
    sim = await startSimulator(configFromEnv({}));
    w = await startChannelWorld({ whatsappApiBase: sim.wa.url, telegramApiBase: sim.tg.url, simulator: true }, { simulator: sim.handler });
  });
  afterAll(async () => {
    await w.close();
    await sim.close();
  });
  const as = (c: string | undefined): { headers: Record<string, string> } => ({ headers: c ? { cookie: c, 'content-type': 'application/json' } : { 'content-type': 'application/json' } });

  it('runs its provider fakes on loopback only', () => {
    expect(new URL(sim.wa.url).hostname).toBe('127.0.0.1');
    expect(new URL(sim.tg.url).hostname).toBe('127.0.0.1');
  });

  it('serves the page to anyone, but its API only to a signed-in owner', async () => {
    const page = await fetch(`${w.app.url}/simulator`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const before = sim.now();
    const anonymous = await fetch(`${w.app.url}/simulator/api/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 366 * 86_400_000 }), ...as(undefined) });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: string }).error).toBe('Sign in to Kaon as an owner of a space in this browser, then reload the simulator.');
    expect((await fetch(`${w.app.url}/simulator/api/channels`)).status).toBe(401);
    const agent = cookieOf(w.agent.browser);
    const refused = await fetch(`${w.app.url}/simulator/api/send`, { method: 'POST', body: JSON.stringify({ channelId: w.waChannelId, from: newPhone(), text: 'hi' }), ...as(agent) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toBe('Only an owner of a space can use the simulator.');
    expect(sim.now() - before).toBeLessThan(60_000);
    expect((await fetch(`${w.app.url}/simulator/api/channels`, as(cookieOf(w.owner.browser)))).status).toBe(200);
  });

  it('shows and drives only the channels of spaces the owner owns', async () => {
    const stranger = await setupOtherOwner(w);
    const list = (await (await fetch(`${w.app.url}/simulator/api/channels`, as(stranger))).json()) as { channels: unknown[] };
    expect(list.channels).toEqual([]);
    const res = await fetch(`${w.app.url}/simulator/api/send`, { method: 'POST', body: JSON.stringify({ channelId: w.waChannelId, from: newPhone(), text: 'hi' }), ...as(stranger) });
    expect(res.status).toBe(404);
    const thread = await fetch(`${w.app.url}/simulator/api/thread?channelId=${w.waChannelId}&from=15551234567`, as(stranger));
    expect(thread.status).toBe(404);
  });
});

/** A user who owns a space of their own (and nothing in the world's space): their cookie header. */
async function setupOtherOwner(w: ChannelWorld): Promise<string> {
  const { addMember } = await import('../testing/harness');
  const other = ok(await w.owner.browser.mutate('spaces.create', { name: 'Other shop' }));
  const person = await addMember(w.app, w.owner.browser, other.id, 'owner', { name: 'Oscar Other', email: 'oscar@example.com' });
  ok(await person.browser.mutate('members.remove', { spaceId: other.id, userId: w.owner.user.id }));
  return cookieOf(person.browser);
}
