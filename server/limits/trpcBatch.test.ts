import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH } from './trpcBatch';
import { ok, setupOwner, startApp, type TestApp } from '../testing/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.close());

const batch = (path: string, n: number) =>
  fetch(`${app.url}/trpc/${Array.from({ length: n }, () => path).join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`);

describe('tRPC batches', () => {
  it(`answer up to ${MAX_BATCH} calls in one request`, async () => {
    const res = await batch('setup.status', MAX_BATCH);
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(MAX_BATCH);
  });

  it('refuse a larger batch with 413 in words, before running any of it', async () => {
    const res = await batch('setup.status', MAX_BATCH + 1);
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { message: string; data: { code: string; httpStatus: number } } };
    expect(body.error.message).toBe(`Too many calls in one request: at most ${MAX_BATCH}. Send them in smaller batches.`);
    expect(body.error.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    // A POST of 150 mutations is refused the same way.
    const post = await fetch(`${app.url}/trpc/${Array.from({ length: 150 }, () => 'webchat.send').join(',')}?batch=1`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(post.status).toBe(413);
  });

  it('refuse password procedures in a batch of more than one call; alone they work', async () => {
    for (const path of ['auth.login', 'setup.create', 'invites.accept']) {
      const res = await fetch(`${app.url}/trpc/setup.status,${path}?batch=1`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Sign in with one request at a time.');
    }
    const { browser } = await setupOwner(app);
    // A single call still goes through the batch link's URL form (?batch=1) as the client sends it.
    const single = await browser.fetch('/trpc/auth.login?batch=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ 0: { email: 'owner@example.com', password: 'correct horse battery' } }),
    });
    expect(single.status).toBe(200);
    ok(await browser.query('auth.whoami'));
  });

  it('count calls even when the paths are percent-encoded', async () => {
    const paths = Array.from({ length: MAX_BATCH + 1 }, () => 'setup.status').join('%2C');
    expect((await fetch(`${app.url}/trpc/${paths}?batch=1&input=%7B%7D`)).status).toBe(413);
  });
});
