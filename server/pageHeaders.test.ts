import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv, type Config } from './config';
import { ok, startApp, type TestApp } from './testing/harness';
import { chatKeyOf } from './testing/messages';
import { setupOwner } from './testing/harness';

let app: TestApp;
afterEach(() => app?.close());

async function start(overrides: Partial<Config> = {}) {
  app = await startApp(overrides);
  mkdirSync(join(app.config.clientDir, 'assets'), { recursive: true });
  writeFileSync(join(app.config.clientDir, 'index.html'), '<!doctype html><script type="module" src="/assets/main.js"></script>');
  writeFileSync(join(app.config.clientDir, 'chat.html'), '<!doctype html><script type="module" src="/assets/chat.js"></script>');
  writeFileSync(join(app.config.clientDir, 'assets', 'main.js'), 'console.log(1)');
}

const directives = (csp: string | null) => new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('HTML answers', () => {
  it('the app: a CSP with self-only scripts, its own sync socket, no framing, nosniff and a referrer policy', async () => {
    await start();
    for (const path of ['/', '/index.html', '/s/abc/messages', '/login?next=%2F']) {
      const res = await fetch(app.url + path);
      expect(res.status, path).toBe(200);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      const host = new URL(app.url).host;
      expect(csp.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  it('the chat page may be framed by the sites CHAT_FRAME_ANCESTORS names (any, by default)', async () => {
    await start();
    const res = await fetch(`${app.url}/chat/${'k'.repeat(20)}`);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('frame-ancestors')).toEqual(['*']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(res.headers.get('x-frame-options')).toBeNull();
    await app.close();

    await start({ chatFrameAncestors: 'https://shop.example.com https://*.example.org', publicUrl: 'https://kaon.example.com' });
    const framed = directives((await fetch(`${app.url}/chat/${'k'.repeat(20)}`)).headers.get('content-security-policy'));
    expect(framed.get('frame-ancestors')).toEqual(['https://shop.example.com', 'https://*.example.org']);
    // Behind PUBLIC_URL the sync socket is named from it, not from the Host header.
    expect(directives((await fetch(app.url)).headers.get('content-security-policy')).get('connect-src')).toEqual(["'self'", 'wss://kaon.example.com']);
  });

  it('refuses a CHAT_FRAME_ANCESTORS that would break out of the directive', () => {
    expect(configFromEnv({}).chatFrameAncestors).toBe('*');
    expect(configFromEnv({ CHAT_FRAME_ANCESTORS: "'self' https://shop.example.com" }).chatFrameAncestors).toBe("'self' https://shop.example.com");
    expect(() => configFromEnv({ CHAT_FRAME_ANCESTORS: "*; script-src 'unsafe-inline'" })).toThrow('CHAT_FRAME_ANCESTORS');
  });

  it('the simulator-free 404 and static assets still carry nosniff', async () => {
    await start();
    expect((await fetch(`${app.url}/assets/main.js`)).headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('the visitor cookie', () => {
  it('is SameSite=None; Secure (and partitioned) when Kaon is served over https, so the embedded widget keeps it', async () => {
    await start({ publicUrl: 'https://kaon.example.com', secureCookies: true });
    const { browser, space } = await setupOwner(app);
    const key = await chatKeyOf(browser, space.id);
    const res = await app.browser().mutate('webchat.hello', { channelKey: key });
    ok(res);
    const cookie = res.setCookies.find((c) => c.startsWith('kaon_visitor='))!;
    expect(cookie).toMatch(/; HttpOnly; SameSite=None; Secure; Partitioned; Max-Age=\d+$/);
  });

  it('stays SameSite=Lax over plain http (browsers drop SameSite=None without Secure)', async () => {
    await start();
    const { browser, space } = await setupOwner(app);
    const res = await app.browser().mutate('webchat.hello', { channelKey: await chatKeyOf(browser, space.id) });
    expect(res.setCookies.find((c) => c.startsWith('kaon_visitor='))).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
  });
});
