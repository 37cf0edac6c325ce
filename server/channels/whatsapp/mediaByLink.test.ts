import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_LINK_TTL_MS } from '../../attachments/signedLinks';
import { failed, ok } from '../../testing/harness';
import { clientId, contactIdOf, eventually, messageById, newPhone, outboxOf, startChannelWorld, type ChannelWorld } from '../../testing/channels';

// Replies' files sent to WhatsApp by link: `{ link: <PUBLIC_URL>/files/<id>?exp=…&sig=… }`,
// which the fake Graph API fetches like Meta does. The link is signed and expires.
let w: ChannelWorld;
beforeAll(async () => {
  w = await startChannelWorld();
  ok(await w.owner.browser.mutate('providerChannels.updateWhatsApp', { spaceId: w.spaceId, channelId: w.waChannelId, name: 'WhatsApp support', phoneNumberId: w.wa.phoneNumberId, mediaByLink: true }));
});
afterAll(() => w?.close());

// Kaon learns its port only after it listens; PUBLIC_URL is read at send time.
const setPublicUrl = (url: string | null) => void (w.app.kaon.deps.config.publicUrl = url);

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e1f2a4a30000000049454e44ae426082', 'hex');

async function customer() {
  const phone = newPhone();
  expect((await w.wa.customer.sendText(phone, 'Can you send me the receipt?', { name: 'Maya Lopez' })).status).toBe(200);
  return { phone, contactId: contactIdOf(w.app, w.waChannelId, phone)! };
}

async function upload(name: string, mime: string, bytes: Buffer): Promise<string> {
  const res = await w.agent.browser.fetch(`/files?spaceId=${w.spaceId}`, { method: 'POST', body: new Uint8Array(bytes), headers: { 'content-type': mime, 'x-file-name': name } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const reply = (contactId: string, body: string, fileIds: string[]) =>
  w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body, clientId: clientId(), fileIds });
const statusOf = (id: string) => messageById(w.app, id).status;
const sentTo = (phone: string) => w.wa.sent.filter((s) => s.to === phone);
const sendsTo = (phone: string) => w.wa.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && (r.body as { to?: string }).to === phone);
const uploadsSoFar = () => w.wa.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/media')).length;

/** Fetches a URL as a provider would: no cookies, no token. */
async function anonymous(url: string) {
  const res = await fetch(url);
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** The link of the image / document part sent to `phone`. */
async function sendWithLink(name: string, mime: string, bytes: Buffer, caption = 'Your receipt') {
  const c = await customer();
  const fileId = await upload(name, mime, bytes);
  const sent = ok(await reply(c.contactId, caption, [fileId]));
  await eventually('the reply to be sent', () => statusOf(sent.messageId) === 'sent');
  const body = sentTo(c.phone)[0]!.body as Record<string, { link?: string; id?: string; caption?: string; filename?: string }>;
  return { c, fileId, sent, body, link: new URL(body[body.type as unknown as string]!.link!) };
}

describe('by link (the channel setting on, PUBLIC_URL set)', () => {
  beforeAll(() => setPublicUrl(w.app.url));

  it('an image goes as a signed link under PUBLIC_URL; WhatsApp fetches it without cookies and gets the same bytes; nothing is uploaded', async () => {
    const uploadsBefore = uploadsSoFar();
    const fetchesBefore = w.wa.linkFetches.length;
    const { body, link, fileId } = await sendWithLink('receipt.png', 'image/png', PNG);
    expect(body).toMatchObject({ type: 'image', image: { caption: 'Your receipt' } });
    expect(body.image!.id).toBeUndefined();
    expect(link.origin).toBe(new URL(w.app.url).origin);
    expect(link.pathname).toBe(`/files/${fileId}`);
    expect([...link.searchParams.keys()].sort()).toEqual(['exp', 'sig']);
    // Expires in an hour (on Kaon's clock).
    expect(Number(link.searchParams.get('exp')) * 1000).toBe(Math.floor((w.app.clock.now() + FILE_LINK_TTL_MS) / 1000) * 1000);

    const fetched = w.wa.linkFetches.slice(fetchesBefore);
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatchObject({ url: link.href, status: 200, mime: 'image/png' });
    expect(fetched[0]!.bytes).toEqual(PNG);
    expect(uploadsSoFar()).toBe(uploadsBefore);
    // Not kept by any cache past its expiry.
    expect((await fetch(link)).headers.get('cache-control')).toBe('no-store');
  });

  it('a document keeps its file name; the link works for that file only, and stops working after an hour', async () => {
    const pdf = Buffer.from('%PDF-1.4 terms and conditions');
    const { body, link, fileId } = await sendWithLink('terms.pdf', 'application/pdf', pdf, 'Terms');
    expect(body).toMatchObject({ type: 'document', document: { filename: 'terms.pdf', caption: 'Terms' } });
    expect((await anonymous(link.href)).status).toBe(200);

    // The same signature on another file opens nothing.
    const other = await upload('secret-plan.png', 'image/png', Buffer.concat([PNG, Buffer.from('other')]));
    const moved = new URL(link.href);
    moved.pathname = `/files/${other}`;
    const stolen = await anonymous(moved.href);
    expect(stolen).toMatchObject({ status: 403, text: JSON.stringify({ error: 'This file link is not valid.' }) });

    w.app.clock.advance(FILE_LINK_TTL_MS + 1000);
    const expired = await anonymous(link.href);
    expect(expired).toMatchObject({ status: 403, text: JSON.stringify({ error: 'This file link has expired. Ask for the file to be sent again.' }) });
    expect(expired.text).not.toContain('terms');
    // A member still opens the file the usual way.
    expect((await w.agent.browser.fetch(`/files/${fileId}`)).status).toBe(200);
  });

  it.each([
    ['a changed signature', (u: URL) => u.searchParams.set('sig', flip(u.searchParams.get('sig')!))],
    ['a later expiry with the old signature', (u: URL) => u.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 3600))],
    ['no signature', (u: URL) => u.searchParams.delete('sig')],
    ['no expiry', (u: URL) => u.searchParams.delete('exp')],
    ['a signature that is not base64url', (u: URL) => u.searchParams.set('sig', '!'.repeat(43))],
    ['a forged signature made with a guessed key', (u: URL) => u.searchParams.set('sig', createHmac('sha256', 'kaon').update(`${u.pathname}${u.searchParams.get('exp')}`).digest('base64url'))],
  ])('%s is refused with 403 and reveals nothing', async (_what, tamper) => {
    const { link } = await sendWithLink('photo.png', 'image/png', PNG);
    const bad = new URL(link.href);
    tamper(bad);
    const res = await anonymous(bad.href);
    expect(res).toMatchObject({ status: 403, type: 'application/json; charset=utf-8', text: JSON.stringify({ error: 'This file link is not valid.' }) });
    // A signed-link attempt is judged by its signature alone, even with a member's cookies.
    expect((await w.agent.browser.fetch(bad.pathname + bad.search)).status).toBe(403);
  });

  it('a 5xx from WhatsApp is retried like any send; each attempt carries a working link', async () => {
    const c = await customer();
    w.wa.failNext({ kind: 'status', status: 503 }, { times: 2, to: c.phone });
    const fileId = await upload('retry.png', 'image/png', PNG);
    const sent = ok(await reply(c.contactId, '', [fileId]));
    await eventually('the reply to be sent after retries', () => statusOf(sent.messageId) === 'sent');
    expect(sendsTo(c.phone)).toHaveLength(3);
    expect(sendsTo(c.phone).every((r) => typeof (r.body as { image?: { link?: string } }).image?.link === 'string')).toBe(true);
    expect(sentTo(c.phone)).toHaveLength(1);
    expect(outboxOf(w.app, sent.messageId)).toMatchObject({ state: 'sent', attempts: 2 });
    const link = (sentTo(c.phone)[0]!.body as { image: { link: string } }).image.link;
    expect(w.wa.linkFetches.find((f) => f.url === link)).toMatchObject({ status: 200, bytes: PNG });
  });

  it('a link WhatsApp cannot download fails the message with the provider’s reason', async () => {
    const c = await customer();
    const fileId = await upload('gone.png', 'image/png', PNG);
    // Kaon announces a public address where nothing answers: Meta's download fails.
    setPublicUrl('http://127.0.0.1:9');
    try {
      const sent = ok(await reply(c.contactId, '', [fileId]));
      await eventually('the message to fail', () => statusOf(sent.messageId) === 'failed');
      expect(messageById(w.app, sent.messageId).error).toBe('Media download failed: the link did not answer (error 131053)');
    } finally {
      setPublicUrl(w.app.url);
    }
  });
});

describe('by upload', () => {
  it('without PUBLIC_URL the channel setting falls back to uploading the file (Settings says why)', async () => {
    setPublicUrl(null);
    const listed = ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })).find((ch) => ch.id === w.waChannelId)!;
    expect(listed.whatsapp).toMatchObject({ mediaByLink: true, publicUrlSet: false });
    const c = await customer();
    const fileId = await upload('fallback.png', 'image/png', PNG);
    const sent = ok(await reply(c.contactId, 'Uploaded', [fileId]));
    await eventually('the reply to be sent', () => statusOf(sent.messageId) === 'sent');
    const image = (sentTo(c.phone)[0]!.body as { image: { id?: string; link?: string } }).image;
    expect(image.link).toBeUndefined();
    expect(w.wa.uploads.get(image.id!)!.bytes).toEqual(PNG);
  });

  it('with the channel setting off, files are uploaded even when PUBLIC_URL is set', async () => {
    setPublicUrl(w.app.url);
    ok(await w.owner.browser.mutate('providerChannels.updateWhatsApp', { spaceId: w.spaceId, channelId: w.waChannelId, name: 'WhatsApp support', phoneNumberId: w.wa.phoneNumberId, mediaByLink: false }));
    const fetchesBefore = w.wa.linkFetches.length;
    const c = await customer();
    const fileId = await upload('off.png', 'image/png', PNG);
    const sent = ok(await reply(c.contactId, 'Uploaded again', [fileId]));
    await eventually('the reply to be sent', () => statusOf(sent.messageId) === 'sent');
    const image = (sentTo(c.phone)[0]!.body as { image: { id?: string; link?: string } }).image;
    expect(image).toMatchObject({ id: expect.any(String), caption: 'Uploaded again' });
    expect(image.link).toBeUndefined();
    expect(w.wa.linkFetches.length).toBe(fetchesBefore);
  });

  it('agents cannot switch the setting', async () => {
    const res = failed(await w.agent.browser.mutate('providerChannels.updateWhatsApp', { spaceId: w.spaceId, channelId: w.waChannelId, name: 'WhatsApp support', phoneNumberId: w.wa.phoneNumberId, mediaByLink: true }));
    expect(res.code).toBe('FORBIDDEN');
  });
});

/** The same signature with its first character changed. */
function flip(sig: string): string {
  return (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
}
