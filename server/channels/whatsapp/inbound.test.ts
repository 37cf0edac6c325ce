import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../testing/harness';
import { conversationRow, convDoc } from '../../testing/messages';
import { clientId, contactIdOf, contactName, eventually, everything, filesOf, inboundByKey, newPhone, startChannelWorld, VERIFY_TOKEN, type ChannelWorld } from '../../testing/channels';

// One Kaon and one fake for the file (sign-ups hash passwords, which is slow); every test
// writes from its own phone number, so tests do not depend on each other.
let w: ChannelWorld;
beforeAll(async () => {
  w = await startChannelWorld();
});
afterAll(() => w?.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('GET verification handshake', () => {
  it.each([
    { what: 'the right verify token echoes the challenge', token: VERIFY_TOKEN, mode: 'subscribe', status: 200 },
    { what: 'a wrong verify token is refused', token: 'not-the-token', mode: 'subscribe', status: 403 },
    { what: 'an empty verify token is refused', token: '', mode: 'subscribe', status: 403 },
    { what: 'a mode other than subscribe is refused', token: VERIFY_TOKEN, mode: 'unsubscribe', status: 403 },
  ])('$what', async ({ token, mode, status }) => {
    const res = await w.wa.customer.handshake(token, '1158201444', mode);
    expect(res.status).toBe(status);
    if (status === 200) expect(res.text).toBe('1158201444');
    else expect(res.text).not.toContain('1158201444');
  });
});

describe('X-Hub-Signature-256', () => {
  const payload = (phone: string) => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: w.wa.phoneNumberId },
              contacts: [{ profile: { name: 'Zoë Ñandú' }, wa_id: phone }],
              messages: [{ from: phone, id: `wamid.sig-${phone}`, timestamp: '1700000000', type: 'text', text: { body: 'Olá — ça va? 👋' } }],
            },
          },
        ],
      },
    ],
  });

  it.each([
    { what: 'missing', signature: () => null },
    { what: 'garbage', signature: () => 'sha256=deadbeef' },
    { what: 'signed with another secret', signature: (raw: string) => `sha256=${createHmac('sha256', 'other-secret').update(raw).digest('hex')}` },
    { what: 'signed over other bytes', signature: (raw: string) => w.wa.customer.sign(`${raw} `) },
    { what: 'sha1 instead of sha256', signature: (raw: string) => `sha1=${createHmac('sha1', w.wa.appSecret).update(raw).digest('hex')}` },
    { what: 'the right digest without its prefix', signature: (raw: string) => w.wa.customer.sign(raw).slice('sha256='.length) },
  ])('$what → 401 and nothing written', async ({ signature }) => {
    const phone = newPhone();
    const raw = JSON.stringify(payload(phone));
    const before = everything(w.app);
    const res = await w.wa.customer.post(raw, { signature: signature(raw) });
    expect(res.status).toBe(401);
    expect(everything(w.app)).toEqual(before);
    expect(contactIdOf(w.app, w.waChannelId, phone)).toBeUndefined();
  });

  it('a good signature over the exact (\\u-escaped) bytes is accepted, and the text decoded', async () => {
    const phone = newPhone();
    const res = await w.wa.customer.post(payload(phone));
    expect(res.raw).toContain('\\u00d1'); // the fake escapes non-ASCII as Meta does
    expect(res.status).toBe(200);
    const stored = inboundByKey(w.app, `wa:wamid.sig-${phone}`)!;
    expect(stored.body).toBe('Olá — ça va? 👋');
    expect(contactName(w.app, contactIdOf(w.app, w.waChannelId, phone)!)).toBe('Zoë Ñandú');
  });
});

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('fake png body for kaon tests')]);
const PDF = Buffer.from('%PDF-1.4 fake invoice');
const OGG = Buffer.from('OggS fake voice note');
const MP4 = Buffer.from('\0\0\0 ftypisom fake video');
const WEBP = Buffer.from('RIFF fake webp sticker');

describe('inbound message types', () => {
  it.each([
    { type: 'text', send: (p: string) => w.wa.customer.sendText(p, 'Hello, where is my order?', { name: 'Asha Rao' }), body: 'Hello, where is my order?', files: [] },
    {
      type: 'image',
      send: (p: string) => w.wa.customer.sendMedia(p, 'image', { bytes: PNG, mime: 'image/png' }, { caption: 'the damaged box', name: 'Asha Rao' }),
      body: 'the damaged box',
      files: [{ name: 'image.png', mime: 'image/png', bytes: PNG }],
    },
    {
      type: 'document',
      send: (p: string) => w.wa.customer.sendMedia(p, 'document', { bytes: PDF, mime: 'application/pdf', filename: 'invoice-42.pdf' }, { name: 'Asha Rao' }),
      body: '',
      files: [{ name: 'invoice-42.pdf', mime: 'application/pdf', bytes: PDF }],
    },
    {
      type: 'audio (voice note)',
      send: (p: string) => w.wa.customer.sendMedia(p, 'audio', { bytes: OGG, mime: 'audio/ogg; codecs=opus' }, { voice: true, name: 'Asha Rao' }),
      body: '',
      files: [{ name: 'voice-message.ogg', mime: 'audio/ogg', bytes: OGG }],
    },
    {
      type: 'video',
      send: (p: string) => w.wa.customer.sendMedia(p, 'video', { bytes: MP4, mime: 'video/mp4' }, { caption: 'unboxing', name: 'Asha Rao' }),
      body: 'unboxing',
      files: [{ name: 'video.mp4', mime: 'video/mp4', bytes: MP4 }],
    },
    {
      type: 'sticker',
      send: (p: string) => w.wa.customer.sendMedia(p, 'sticker', { bytes: WEBP, mime: 'image/webp' }, { name: 'Asha Rao' }),
      body: '',
      files: [{ name: 'sticker.webp', mime: 'image/webp', bytes: WEBP }],
    },
    {
      type: 'location',
      send: (p: string) => w.wa.customer.sendLocation(p, { latitude: 38.7223, longitude: -9.1393, name: 'Lisbon office', address: 'Rua Augusta 1' }, { name: 'Asha Rao' }),
      body: '📍 Lisbon office, Rua Augusta 1 — https://maps.google.com/?q=38.7223,-9.1393',
      files: [],
    },
    {
      type: 'contacts',
      send: (p: string) => w.wa.customer.sendContacts(p, [{ name: 'Ravi Rao', phone: '+1 555 0100' }], { name: 'Asha Rao' }),
      body: '👤 Ravi Rao: +1 555 0100',
      files: [],
    },
    {
      type: 'unsupported',
      send: (p: string) => w.wa.customer.sendMessage(p, { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }, { name: 'Asha Rao' }),
      body: '⚠️ The customer sent a WhatsApp message type that Kaon cannot show. Ask them to send it as text or a file.',
      files: [],
    },
    {
      type: 'a type Kaon does not know (order)',
      send: (p: string) => w.wa.customer.sendMessage(p, { type: 'order', order: { catalog_id: '1', product_items: [] } }, { name: 'Asha Rao' }),
      body: '⚠️ The customer sent a WhatsApp “order” message that Kaon cannot show. Ask them to send it as text or a file.',
      files: [],
    },
  ])('$type: stored with its text and files; the contact is created from wa_id and profile name', async ({ send, body, files }) => {
    const phone = newPhone();
    const res = await send(phone);
    expect(res.status).toBe(200);

    const message = inboundByKey(w.app, `wa:${res.id}`)!;
    expect(message).toMatchObject({ direction: 'in', body, status: 'received' });
    const stored = filesOf(w.app, message.id);
    expect(stored.map((f) => ({ name: f.name, mime: f.mime, size: f.size, sha256: f.sha256, uploaded_by_contact: f.uploaded_by_contact }))).toEqual(
      files.map((f) => ({ name: f.name, mime: f.mime, size: f.bytes.length, sha256: sha(f.bytes), uploaded_by_contact: phone })),
    );
    const contactId = contactIdOf(w.app, w.waChannelId, phone)!;
    expect(contactName(w.app, contactId)).toBe('Asha Rao');
    expect(conversationRow(w.app, message.conversation_id)).toMatchObject({ status: 'open', assignee_id: null, channel_id: w.waChannelId });
    // Projected for the agents, with the file references the client downloads from /files.
    const item = convDoc(w.app, w.spaceId, message.conversation_id).items.find((i) => i.id === message.id);
    expect(item).toMatchObject({ kind: 'message', direction: 'in', body, files: stored.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size })) });
  });

  it('downloads media in two steps with the access token (§1.6) and serves it from /files to members', async () => {
    const res = await w.wa.customer.sendMedia(newPhone(), 'image', { bytes: PNG, mime: 'image/png' });
    const [file] = filesOf(w.app, inboundByKey(w.app, `wa:${res.id}`)!.id);
    const fetches = w.wa.requests.filter((r) => r.method === 'GET' && (r.path.startsWith('/media-download/') || /^\/v\d+\.\d\/\d+$/.test(r.path)));
    expect(fetches.length).toBeGreaterThanOrEqual(2);
    for (const r of fetches.slice(-2)) expect(r.headers.authorization).toBe(`Bearer ${w.wa.accessToken}`);
    const download = await w.agent.browser.fetch(`/files/${file!.id}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
  });

  it('media the provider cannot serve right now → 503 and nothing stored; the retry stores it once', async () => {
    const phone = newPhone();
    w.wa.failNext({ kind: 'status', status: 500 }, { on: 'media' });
    const before = everything(w.app);
    const first = await w.wa.customer.sendMedia(phone, 'document', { bytes: PDF, mime: 'application/pdf', filename: 'a.pdf' });
    expect(first.status).toBe(503);
    expect(everything(w.app)).toMatchObject({ messages: before.messages, contacts: before.contacts });
    const again = await w.wa.customer.post(first.raw);
    expect(again.status).toBe(200);
    expect(filesOf(w.app, inboundByKey(w.app, `wa:${first.id}`)!.id).map((f) => f.name)).toEqual(['a.pdf']);
  });

  it('media gone for good (404) → the message is kept with a note saying what is missing', async () => {
    const res = await w.wa.customer.sendMessage(newPhone(), { type: 'image', image: { id: '999999999', mime_type: 'image/jpeg', caption: 'see photo' } });
    expect(res.status).toBe(200);
    const message = inboundByKey(w.app, `wa:${res.id}`)!;
    expect(message.body).toMatch(/^see photo\n⚠️ image\.jpg could not be downloaded from WhatsApp: WhatsApp refused the media download \(HTTP 404\)\.$/);
    expect(filesOf(w.app, message.id)).toEqual([]);
  });

  it('a second message from the same customer joins the open conversation; the name is not overwritten', async () => {
    const phone = newPhone();
    const a = await w.wa.customer.sendText(phone, 'first', { name: 'Asha' });
    const b = await w.wa.customer.sendText(phone, 'second', { name: 'Someone Else' });
    const first = inboundByKey(w.app, `wa:${a.id}`)!;
    expect(inboundByKey(w.app, `wa:${b.id}`)!.conversation_id).toBe(first.conversation_id);
    expect(contactName(w.app, contactIdOf(w.app, w.waChannelId, phone)!)).toBe('Asha');
  });
});

describe('replays (Meta retries deliveries)', () => {
  it('the same payload delivered again, even concurrently, is stored once and its media fetched once', async () => {
    const phone = newPhone();
    const first = await w.wa.customer.sendMedia(phone, 'image', { bytes: PNG, mime: 'image/png' }, { caption: 'once' });
    const before = everything(w.app);
    const mediaCalls = w.wa.requests.length;
    const replays = await Promise.all([1, 2, 3, 4].map(() => w.wa.customer.post(first.raw)));
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(everything(w.app)).toEqual(before);
    expect(w.wa.requests.length).toBe(mediaCalls);
  });

  it('a burst of new deliveries of one message (first time) stores one message and no orphan file', async () => {
    const phone = newPhone();
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: w.wa.phoneNumberId },
                messages: [{ from: phone, id: `wamid.burst-${phone}`, timestamp: '1', type: 'document', document: { id: w.wa.addMedia(PDF, 'application/pdf'), filename: 'x.pdf' } }],
              },
            },
          ],
        },
      ],
    });
    const before = everything(w.app);
    const results = await Promise.all([1, 2, 3].map(() => w.wa.customer.post(raw)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const after = everything(w.app);
    expect(after.messages - before.messages).toBe(1);
    expect(after.files - before.files).toBe(1);
  });
});

describe('delivery status webhooks', () => {
  async function sentReply() {
    const phone = newPhone();
    await w.wa.customer.sendText(phone, 'hi');
    const contactId = contactIdOf(w.app, w.waChannelId, phone)!;
    const reply = ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'Hello from Kaon', clientId: clientId() }));
    const wamid = await eventually('the reply to reach the fake', () => w.wa.sent.find((s) => s.to === phone)?.wamid);
    await eventually('the reply to be sent', () => rowStatus(reply.messageId) === 'sent');
    return { phone, messageId: reply.messageId, conversationId: reply.conversationId, wamid };
  }
  const rowStatus = (id: string) => (w.app.kaon.deps.db.prepare('SELECT status FROM messages WHERE id = ?').get(id) as { status: string }).status;
  const docStatus = (conversationId: string, id: string) => convDoc(w.app, w.spaceId, conversationId).items.find((i) => i.id === id) as { status: string; error: string | null };

  it.each([
    { statuses: ['sent'], final: 'sent' },
    { statuses: ['delivered'], final: 'delivered' },
    { statuses: ['delivered', 'read'], final: 'read' },
    { statuses: ['read', 'delivered'], final: 'read' }, // out of order: ticks never go back
    { statuses: ['read', 'read'], final: 'read' },
  ] as const)('$statuses → $final in SQLite and in the projected conversation doc', async ({ statuses, final }) => {
    const r = await sentReply();
    for (const s of statuses) expect((await w.wa.customer.sendStatus(r.wamid, s, { recipient: r.phone })).status).toBe(200);
    expect(rowStatus(r.messageId)).toBe(final);
    expect(docStatus(r.conversationId, r.messageId)).toMatchObject({ status: final, error: null });
  });

  it('failed carries the provider reason to the agent; 131047 reads as the window message', async () => {
    const r = await sentReply();
    await w.wa.customer.sendStatus(r.wamid, 'failed', { errors: [{ code: 131026, title: 'Message undeliverable', error_data: { details: 'Receiver is incapable of receiving this message' } }] });
    expect(docStatus(r.conversationId, r.messageId)).toMatchObject({ status: 'failed', error: 'Receiver is incapable of receiving this message (error 131026)' });

    const r2 = await sentReply();
    await w.wa.customer.sendStatus(r2.wamid, 'failed', { errors: [{ code: 131047, title: 'Re-engagement message' }] });
    expect(docStatus(r2.conversationId, r2.messageId)).toMatchObject({ status: 'failed', error: "Outside WhatsApp's 24-hour window — send a template to reopen the conversation" });
  });

  it('a status for an id Kaon does not know (yet) is acknowledged, changes no message, and is held for that id', async () => {
    const before = everything(w.app);
    expect((await w.wa.customer.sendStatus('wamid.unknown', 'read')).status).toBe(200);
    expect(everything(w.app)).toEqual({ ...before, webhook_events: before.webhook_events + 1 });
    expect(w.app.kaon.deps.db.prepare("SELECT payload FROM webhook_events WHERE event_key = 'early:wamid.unknown:read'").get()).toEqual({ payload: '{"status":"read","error":null}' });
  });
});
