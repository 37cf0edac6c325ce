import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, verifySignature } from './signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"message.received"}';

  it('is t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">, as docs/admin-api.md tells receivers', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader(secret, body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies the exact body, secret and a recent time only', () => {
    const header = signatureHeader(secret, body, 1_700_000_000);
    expect(verifySignature(secret, body, header, 1_700_000_100)).toBe(true);
    expect(verifySignature(secret, body + ' ', header, 1_700_000_100)).toBe(false); // one byte more
    expect(verifySignature('whsec_other', body, header, 1_700_000_100)).toBe(false);
    expect(verifySignature(secret, body, header, 1_700_000_000 + 301)).toBe(false); // replayed later
    expect(verifySignature(secret, body, header.replace('t=1700000000', 't=1700000001'), 1_700_000_000)).toBe(false);
    expect(verifySignature(secret, body, 'garbage', 1_700_000_000)).toBe(false);
    expect(verifySignature(secret, body, 't=1700000000,v1=', 1_700_000_000)).toBe(false);
  });

  it('makes distinct, prefixed secrets of 32 random bytes', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

describe('the verification snippet in docs/admin-api.md', () => {
  it('accepts what Kaon signs and refuses a changed body (the docs run as written)', async () => {
    const docs = readFileSync(join(import.meta.dirname, '../../docs/admin-api.md'), 'utf8');
    const snippet = /\*\*Verify the signature\*\*[\s\S]*?```js\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(snippet).toContain('export function verifyKaon');
    const dir = mkdtempSync(join(tmpdir(), 'kaon-docs-'));
    try {
      writeFileSync(join(dir, 'verify.mjs'), snippet!);
      const { verifyKaon } = (await import(join(dir, 'verify.mjs'))) as { verifyKaon: (s: string, b: string, h: string) => boolean };
      const body = '{"id":"e1","type":"webhook.test"}';
      const header = signatureHeader('whsec_docs', body, Math.floor(Date.now() / 1000));
      expect(verifyKaon('whsec_docs', body, header)).toBe(true);
      expect(verifyKaon('whsec_docs', `${body}\n`, header)).toBe(false);
      expect(verifyKaon('whsec_docs', body, signatureHeader('whsec_docs', body, Math.floor(Date.now() / 1000) - 3600))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
