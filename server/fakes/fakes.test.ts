import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, readRequest } from './kit';
import { startTelegramFake } from './telegram';
import { startWhatsAppFake } from './whatsapp';

// The fakes on their own, driven the way a script (the demo's customer simulator) drives them.
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A stand-in for Kaon's webhook endpoint that records what arrives. */
async function receiver() {
  const received: Array<{ headers: Record<string, unknown>; raw: string }> = [];
  const server = await listen(async (req, res) => {
    const { raw } = await readRequest(req);
    received.push({ headers: req.headers, raw: raw.toString('utf8') });
    res.writeHead(200).end('{}');
  });
  closers.push(server.close);
  return { url: server.url, received };
}

describe('WhatsApp fake', () => {
  it('with autoDeliver, answers a send with signed sent → delivered status webhooks and tells listeners', async () => {
    const wa = await startWhatsAppFake({ autoDeliver: true });
    closers.push(wa.close);
    const kaon = await receiver();
    wa.configureWebhook(kaon.url);
    const heard: string[] = [];
    wa.onSend((m) => heard.push(m.to));

    const res = await fetch(`${wa.url}/v21.0/${wa.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${wa.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '15551234567', type: 'text', text: { body: 'hi' } }),
    });
    const { messages } = (await res.json()) as { messages: Array<{ id: string }> };
    expect(heard).toEqual(['15551234567']);
    await new Promise((r) => setTimeout(r, 100));
    const statuses = kaon.received.map((r) => JSON.parse(r.raw).entry[0].changes[0].value.statuses[0]);
    expect(statuses.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [messages[0]!.id, 'sent'],
      [messages[0]!.id, 'delivered'],
    ]);
    for (const r of kaon.received) expect(r.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', wa.appSecret).update(r.raw).digest('hex')}`);
  });

  it('refuses a wrong token the way the Graph API does (401, error 190)', async () => {
    const wa = await startWhatsAppFake();
    closers.push(wa.close);
    const res = await fetch(`${wa.url}/v21.0/${wa.phoneNumberId}/messages`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(190);
  });
});

describe('Telegram fake', () => {
  it('speaks the Bot API: getMe, setWebhook, sendMessage, getFile and the file download', async () => {
    const tg = await startTelegramFake();
    closers.push(tg.close);
    const kaon = await receiver();
    const call = async (method: string, body: object) =>
      (await (await fetch(`${tg.url}/bot${tg.token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
        ok: boolean;
        result: Record<string, unknown>;
      };
    expect((await call('getMe', {})).result).toMatchObject({ is_bot: true, username: tg.botUsername });
    expect(await call('setWebhook', { url: kaon.url, secret_token: 'simulator-secret' })).toEqual({ ok: true, result: true });

    const heard: string[] = [];
    tg.onSend((m) => heard.push(m.text ?? ''));
    expect((await call('sendMessage', { chat_id: 42, text: 'hello' })).result).toMatchObject({ chat: { id: 42 }, text: 'hello' });
    expect(heard).toEqual(['hello']);

    const fileId = tg.addFile(Buffer.from('bytes'), 'text/plain');
    const path = (await call('getFile', { file_id: fileId })).result.file_path as string;
    expect(await (await fetch(`${tg.url}/file/bot${tg.token}/${path}`)).text()).toBe('bytes');

    await tg.customer.sendText({ id: 42, firstName: 'Ana' }, 'from the customer');
    expect(kaon.received).toHaveLength(1);
    expect(kaon.received[0]!.headers['x-telegram-bot-api-secret-token']).toBe('simulator-secret');
    expect(JSON.parse(kaon.received[0]!.raw)).toMatchObject({ message: { chat: { id: 42, type: 'private' }, text: 'from the customer' } });
  });
});
