import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatKeyOf } from '../testing/messages';
import { everything, newPhone, startChannelWorld, type ChannelWorld } from '../testing/channels';
import { MAX_WEBHOOK_BYTES } from './webhooks';

// The HTTP edges of /webhooks/<kind>/<channelId>, for both providers.
let w: ChannelWorld;
beforeAll(async () => {
  w = await startChannelWorld();
});
afterAll(() => w?.close());

const waPost = (raw: string) => w.wa.customer.post(raw);
const tgPost = (raw: string) => w.tg.customer.postUpdate(raw);
const messagesChange = (value: object) => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value }] }] });

describe('size, JSON and shape', () => {
  it.each([
    { kind: 'whatsapp', post: waPost },
    { kind: 'telegram', post: tgPost },
  ])('$kind: a body over 1 MB → 413, nothing written', async ({ post }) => {
    const before = everything(w.app);
    const res = await post(JSON.stringify({ pad: 'x'.repeat(MAX_WEBHOOK_BYTES) }));
    expect(res.status).toBe(413);
    expect(everything(w.app)).toEqual(before);
  });

  it.each([
    { what: 'whatsapp: malformed JSON', post: waPost, raw: '{"object": "whatsapp_business_account", "entry": [' },
    { what: 'whatsapp: not an object', post: waPost, raw: '[1,2,3]' },
    { what: 'whatsapp: entry is not a list', post: waPost, raw: '{"object":"whatsapp_business_account","entry":"nope"}' },
    { what: 'whatsapp: a message without id', post: waPost, raw: messagesChange({ metadata: { phone_number_id: '106540352242922' }, messages: [{ from: '1', type: 'text', text: { body: 'x' } }] }) },
    { what: 'whatsapp: a value without metadata', post: waPost, raw: messagesChange({ messages: [] }) },
    { what: 'telegram: malformed JSON', post: tgPost, raw: '{"update_id": 1, "message": {' },
    { what: 'telegram: update_id not a number', post: tgPost, raw: '{"update_id":"1"}' },
    { what: 'telegram: a message without chat', post: tgPost, raw: '{"update_id":77,"message":{"message_id":1,"date":1,"text":"hi"}}' },
  ])('$what → 400, nothing written', async ({ post, raw }) => {
    const before = everything(w.app);
    expect((await post(raw)).status).toBe(400);
    expect(everything(w.app)).toEqual(before);
  });

  it.each([
    { what: 'another object (Messenger)', raw: JSON.stringify({ object: 'page', entry: [] }) },
    { what: 'another field', raw: JSON.stringify({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'account_update', value: { event: 'VERIFIED' } }] }] }) },
    { what: 'another phone number', raw: messagesChange({ metadata: { phone_number_id: '1' }, messages: [{ from: newPhone(), id: 'wamid.other', type: 'text', text: { body: 'x' } }] }) },
    { what: 'an unknown status', raw: messagesChange({ metadata: { phone_number_id: '106540352242922' }, statuses: [{ id: 'wamid.x', status: 'deleted' }] }) },
    { what: 'a system error without messages', raw: messagesChange({ metadata: { phone_number_id: '106540352242922' }, errors: [{ code: 130429, title: 'Rate limit hit' }] }) },
    { what: 'a removed reaction', raw: messagesChange({ metadata: { phone_number_id: '106540352242922' }, messages: [{ from: '1', id: 'wamid.r', type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '' } }] }) },
  ])('whatsapp: $what → 200, acknowledged and ignored', async ({ raw }) => {
    const before = everything(w.app);
    expect((await waPost(raw)).status).toBe(200);
    expect(everything(w.app)).toEqual(before);
  });

  it('a bad signature is refused before the body is even parsed (401, not 400)', async () => {
    expect((await w.wa.customer.post('{not json', { signature: 'sha256=00' })).status).toBe(401);
    expect((await w.tg.customer.postUpdate('{not json', { secret: 'wrong-secret-0000000000' })).status).toBe(401);
  });
});

describe('routing', () => {
  it.each([
    { what: 'an unknown channel', path: () => '/webhooks/whatsapp/AAAAAAAAAAAAAAAA', method: 'POST', status: 404 },
    { what: 'an unknown kind', path: () => `/webhooks/messenger/${w.waChannelId}`, method: 'POST', status: 404 },
    { what: 'the WhatsApp channel under /telegram', path: () => `/webhooks/telegram/${w.waChannelId}`, method: 'POST', status: 404 },
    { what: 'a malformed id', path: () => '/webhooks/whatsapp/bad.id%2F..', method: 'POST', status: 404 },
    { what: 'PUT', path: () => `/webhooks/whatsapp/${w.waChannelId}`, method: 'PUT', status: 405 },
    { what: 'GET on Telegram (no handshake)', path: () => `/webhooks/telegram/${w.tgChannelId}`, method: 'GET', status: 405 },
  ])('$what → $status', async ({ path, method, status }) => {
    const res = await fetch(w.app.url + path(), { method, body: method === 'GET' ? undefined : '{}' });
    expect(res.status).toBe(status);
  });

  it('the website chat channel has no webhook', async () => {
    const webchatId = (w.app.kaon.deps.db.prepare("SELECT id FROM channels WHERE kind = 'webchat' AND space_id = ?").get(w.spaceId) as { id: string }).id;
    expect(await chatKeyOf(w.owner.browser, w.spaceId)).toBeTruthy();
    expect((await fetch(`${w.app.url}/webhooks/webchat/${webchatId}`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
