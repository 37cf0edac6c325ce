import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newVisitorCookie } from '../auth/visitors';
import { newClientId, snapshot, startWorld, type World } from '../testing/messages';

// webchat.send is answered by server/trpc/fastCalls.ts, not by tRPC's fetch adapter. The same
// request with one more query parameter still goes through tRPC: every answer must be the same.
let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w?.app.close());

interface Answer {
  status: number;
  type: string | null;
  body: unknown;
  cookies: string[];
}

async function post(query: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${w.app.url}/trpc/webchat.send${query}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // compared as text
  }
  return { status: res.status, type: res.headers.get('content-type'), body: parsed, cookies: res.headers.getSetCookie().map((c) => c.replace(/=[^;]*/, '=…')) };
}

/** The same call on the fast path and through tRPC (one ignored query parameter more). */
async function both(batch: boolean, make: () => { body: string; headers?: Record<string, string> }) {
  const fast = make();
  const slow = make();
  return {
    fast: await post(batch ? '?batch=1' : '', fast.body, fast.headers),
    trpc: await post(batch ? '?batch=1&via=trpc' : '?via=trpc', slow.body, slow.headers),
  };
}

const withoutIds = (a: Answer) => JSON.parse(JSON.stringify(a.body).replace(/"messageId":"[^"]+"/g, '"messageId":"…"')) as unknown;

describe('webchat.send without the fetch adapter', () => {
  it('answers a message exactly as tRPC does, stores it, and sets the visitor cookie the same way', async () => {
    for (const batch of [false, true]) {
      const input = () => ({ channelKey: w.a.chatKey, body: 'Where is my parcel?', clientId: newClientId() });
      const { fast, trpc } = await both(batch, () => ({ body: JSON.stringify(batch ? { 0: input() } : input()) }));
      expect(fast.status).toBe(200);
      expect({ ...fast, body: withoutIds(fast) }).toEqual({ ...trpc, body: withoutIds(trpc) });
      const id = (batch ? (fast.body as [{ result: { data: { messageId: string } } }])[0] : (fast.body as { result: { data: { messageId: string } } })).result.data.messageId;
      expect(w.app.kaon.deps.db.prepare('SELECT body FROM messages WHERE id = ?').get(id)).toEqual({ body: 'Where is my parcel?' });
    }
  });

  it('refuses bad input with the same status, code, words and fields as tRPC, writing nothing', async () => {
    const cookie = `kaon_visitor=${newVisitorCookie(false).header.split(';')[0]!.split('=')[1]}`;
    const cases: Array<[string, () => unknown]> = [
      ['missing fields', () => ({ channelKey: w.a.chatKey })],
      ['an empty message', () => ({ channelKey: w.a.chatKey, body: '   ', clientId: newClientId() })],
      ['a message too long', () => ({ channelKey: w.a.chatKey, body: 'x'.repeat(20_000), clientId: newClientId() })],
      ['an unknown chat', () => ({ channelKey: 'y'.repeat(24), body: 'hi', clientId: newClientId() })],
      ['a malformed chat key', () => ({ channelKey: '../../etc', body: 'hi', clientId: newClientId() })],
      ['a bad client id', () => ({ channelKey: w.a.chatKey, body: 'hi', clientId: 'no' })],
      ['wrong types', () => ({ channelKey: 42, body: ['hi'], clientId: null })],
      ['extra keys', () => ({ channelKey: w.a.chatKey, body: 'hi', clientId: newClientId(), spaceId: w.b.id, direction: 'out' })],
    ];
    for (const batch of [false, true]) {
      for (const [label, input] of cases) {
        const before = snapshot(w.app);
        const { fast, trpc } = await both(batch, () => ({ body: JSON.stringify(batch ? { 0: input() } : input()), headers: { cookie } }));
        expect({ ...fast, body: withoutIds(fast) }, label).toEqual({ ...trpc, body: withoutIds(trpc) });
        if (fast.status === 200) continue; // extra keys are stripped by zod, as tRPC does: a stored message
        expect(fast.status, label).toBeGreaterThanOrEqual(400);
        expect(snapshot(w.app), label).toEqual(before);
      }
    }
  });

  it('leaves what is not one JSON call to tRPC: malformed JSON, arrays, null, two calls, other content types', async () => {
    const bodies = ['{"channelKey":', '[]', 'null', '"text"', '{"0":{"channelKey":"x"},"1":{}}'];
    for (const batch of [false, true])
      for (const body of bodies) {
        const before = snapshot(w.app);
        const { fast, trpc } = await both(batch, () => ({ body }));
        expect(fast, `${body} (batch ${batch})`).toEqual(trpc);
        expect(fast.status).toBeGreaterThanOrEqual(400);
        expect(snapshot(w.app)).toEqual(before);
      }
    const plain = await both(false, () => ({ body: 'hello', headers: { 'content-type': 'text/plain' } }));
    expect(plain.fast).toEqual(plain.trpc);
    expect(plain.fast.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a body over 1 MB as tRPC does (413) and keeps serving', async () => {
    const huge = () => ({ body: JSON.stringify({ channelKey: w.a.chatKey, body: 'x'.repeat(1_100_000), clientId: newClientId() }) });
    const before = snapshot(w.app);
    const { fast, trpc } = await both(false, huge);
    expect(fast.status).toBe(413);
    expect(fast.body).toEqual(trpc.body);
    expect(snapshot(w.app)).toEqual(before);
    const after = await post('', JSON.stringify({ channelKey: w.a.chatKey, body: 'Still there?', clientId: newClientId() }));
    expect(after.status).toBe(200);
  });

  it('is only webchat.send: a GET, another procedure or a batch of several goes to tRPC', async () => {
    const get = await fetch(`${w.app.url}/trpc/webchat.send`);
    expect(get.status).toBe(405);
    const two = await fetch(`${w.app.url}/trpc/webchat.send,webchat.send?batch=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ 0: {}, 1: {} }) });
    expect(two.status).toBe(400);
    expect(((await two.json()) as unknown[]).length).toBe(2);
  });
});
