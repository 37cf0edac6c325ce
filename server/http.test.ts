import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failed, ok, PASSWORD, setupOwner, startApp, type TestApp } from './testing/harness';

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(() => app.close());

/** A raw request, for paths fetch() would normalise or refuse to send. */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`GET ${path}: no answer within 5 s`)));
    req.end();
  });
}

async function healthz() {
  const res = await fetch(`${app.url}/healthz`);
  return { status: res.status, body: await res.json() };
}

describe('/healthz', () => {
  it('answers ok while the database answers', async () => {
    expect(await healthz()).toEqual({ status: 200, body: { ok: true, db: 'ok' } });
  });

  it('answers 503 when the database is gone', async () => {
    app.kaon.deps.db.close();
    expect(await healthz()).toEqual({ status: 503, body: { ok: false, db: 'unavailable' } });
  });
});

describe('the client', () => {
  it('says the client is not built when the folder is empty', async () => {
    mkdirSync(app.config.clientDir, { recursive: true });
    const res = await fetch(`${app.url}/messages/123`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/The client is not built/);
  });

  it('serves index.html for client routes and files as they are', async () => {
    mkdirSync(join(app.config.clientDir, 'assets'), { recursive: true });
    writeFileSync(join(app.config.clientDir, 'index.html'), '<!doctype html><title>Kaon</title>');
    writeFileSync(join(app.config.clientDir, 'assets', 'app-123.js'), 'console.log("kaon")');
    writeFileSync(join(app.dir, 'secret.txt'), 'do not serve');

    for (const path of ['/', '/messages/123', '/settings/members?x=1']) {
      const res = await fetch(app.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>Kaon</title>');
    }

    const asset = await fetch(`${app.url}/assets/app-123.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log("kaon")');

    const head = await fetch(`${app.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    // Nothing outside the client folder is reachable, however the path is spelled.
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await rawGet(app.url, path);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('refuses other methods', async () => {
    const res = await fetch(`${app.url}/`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 400 to a malformed address instead of crashing', async () => {
    const res = await rawGet(app.url, '/%E0%A4%A');
    expect(res.status).toBe(400);
    expect((await healthz()).status).toBe(200);
  });
});

describe('/trpc', () => {
  it('answers an unknown procedure with NOT_FOUND', async () => {
    const res = await app.browser().raw('nothing.here', '{}');
    expect(failed(res).code).toBe('NOT_FOUND');
  });

  it('refuses a body over 1 MB with 413, writing nothing', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1_100_000), email: 'a@example.com', password: PASSWORD, spaceName: 'Big' });
    const res = failed(await app.browser().raw('setup.create', big));
    expect(res.status).toBe(413);
    expect(res.code).toBe('PAYLOAD_TOO_LARGE');
    expect(app.count('users')).toBe(0);
  });

  it('never crashes on bad input: /healthz still answers after a barrage', async () => {
    mkdirSync(app.config.clientDir, { recursive: true });
    writeFileSync(join(app.config.clientDir, 'index.html'), '<!doctype html><title>Kaon</title>');
    const { browser } = await setupOwner(app);
    const before = app.counts();
    const bodies = ['', 'null', '{', '[]', '"string"', '{"spaceId": null}', '{"spaceId": {"$gt": ""}}', JSON.stringify({ spaceId: 'x'.repeat(10_000) }), '\u0000\u0001'];
    const paths = ['setup.create', 'auth.login', 'invites.accept', 'invites.create', 'members.setRole', 'members.remove', 'apiTokens.create', 'spaces.create', 'spaces.rename'];
    for (const path of paths) {
      for (const body of bodies) {
        const res = await browser.raw(path, body);
        expect(res.ok, `${path} ${JSON.stringify(body)}`).toBe(false);
        expect(res.status).toBeLessThan(500);
      }
    }
    for (const q of ['?input=%7B', '?input=%E0%A4%A', '?input=null', `?input=${'%7B'.repeat(1000)}`]) {
      const res = await browser.fetch(`/trpc/members.list${q}`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    for (const path of ['/trpc/%E0%A4%A', '/%', '//', '//evil.example/x', '/trpc/', '/trpc/members.list,spaces.get?batch=1&input=%7B%7D']) {
      const res = await rawGet(app.url, path);
      expect(res.status, path).toBeLessThan(500);
    }
    expect(app.counts()).toEqual(before);
    expect(await healthz()).toEqual({ status: 200, body: { ok: true, db: 'ok' } });
    expect(ok(await browser.query('auth.whoami')).user.email).toBe('owner@example.com');
  });
});
