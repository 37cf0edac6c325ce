import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthy } from '../testing/messages';
import { everything, startChannelWorld, type ChannelWorld } from '../testing/channels';
import { prng } from '../testing/random';

// Random and truncated webhook bodies, correctly signed so they reach the parser: never a 5xx,
// never a crash, nothing written. Seeded, so a failure reproduces; bounded, so it stays quick.
let w: ChannelWorld;
beforeAll(async () => {
  w = await startChannelWorld();
});
afterAll(() => w?.close());

const KEYS = ['object', 'entry', 'changes', 'field', 'value', 'messages', 'statuses', 'metadata', 'phone_number_id', 'from', 'id', 'type', 'text', 'body', 'image', 'update_id', 'message', 'chat', 'message_id', 'photo', 'file_id', 'x'];
const STRINGS = ['whatsapp_business_account', 'messages', 'text', 'image', 'private', '', '\u0000', '💥', 'wamid.', '106540352242922'];

function randomJson(rand: () => number, depth = 0): unknown {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const r = rand();
  if (depth > 4 || r < 0.3) return pick<unknown>([null, true, false, Math.floor(rand() * 1e6) - 5, rand(), pick(STRINGS), 'y'.repeat(Math.floor(rand() * 300))]);
  if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [pick(KEYS), randomJson(rand, depth + 1)]));
}

const randomBytes = (rand: () => number) => Buffer.from(Array.from({ length: Math.floor(rand() * 600) }, () => Math.floor(rand() * 256))).toString('latin1');

function validWhatsApp(phoneNumberId: string) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: phoneNumberId }, contacts: [{ profile: { name: 'F' }, wa_id: '1' }], messages: [{ from: '1', id: 'wamid.f', timestamp: '1', type: 'text', text: { body: 'fuzz' } }] } }] }],
  });
}
const VALID_TELEGRAM = JSON.stringify({ update_id: 1, message: { message_id: 1, date: 1, from: { id: 1, first_name: 'F' }, chat: { id: 1, type: 'private' }, text: 'fuzz' } });

function bodies(seed: number, valid: string, n: number): string[] {
  const rand = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    switch (i % 3) {
      case 0: // truncated: every strict prefix of a JSON object is invalid JSON
        return valid.slice(0, Math.floor(rand() * valid.length));
      case 1:
        return randomBytes(rand);
      default:
        return JSON.stringify(randomJson(rand));
    }
  });
}

describe('fuzz', () => {
  it.each([
    { kind: 'whatsapp', seed: 20300101, post: (raw: string) => w.wa.customer.post(raw), valid: () => validWhatsApp(w.wa.phoneNumberId) },
    { kind: 'telegram', seed: 424242, post: (raw: string) => w.tg.customer.postUpdate(raw), valid: () => VALID_TELEGRAM },
  ])('$kind: 150 random, truncated and random-JSON bodies: no 5xx, nothing written', async ({ seed, post, valid }) => {
    const before = everything(w.app);
    const statuses = new Set<number>();
    for (const raw of bodies(seed, valid(), 150)) {
      const res = await post(raw);
      statuses.add(res.status);
      if (res.status >= 500) throw new Error(`HTTP ${res.status} for body ${JSON.stringify(raw.slice(0, 200))}: ${res.text}`);
    }
    expect([...statuses].every((s) => s === 200 || s === 400)).toBe(true);
    expect(everything(w.app)).toEqual(before);
    expect(await healthy(w.app)).toMatchObject({ status: 200 });
  });

  it('whatsapp: a valid payload with one field replaced by random JSON never causes a 5xx', async () => {
    const rand = prng(7);
    const base = JSON.parse(validWhatsApp(w.wa.phoneNumberId));
    const paths: Array<Array<string | number>> = [];
    const walk = (v: unknown, path: Array<string | number>) => {
      paths.push(path);
      if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) walk(child, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(base, []);
    for (let i = 0; i < 60; i++) {
      const copy = structuredClone(base);
      const path = paths[1 + Math.floor(rand() * (paths.length - 1))]!;
      let at = copy;
      for (const k of path.slice(0, -1)) at = at[k];
      at[path.at(-1)!] = randomJson(rand, 2);
      // Distinct message ids, so a mutation that stays valid is a new message, not a replay.
      const res = await w.wa.customer.post(JSON.stringify(copy).replace('"wamid.f"', `"wamid.f${i}"`));
      expect(res.status, `${path.join('.')}: ${res.text}`).toBeLessThan(500);
    }
  });
});
