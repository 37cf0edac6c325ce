import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './testing/harness';
import { createStaticHandler } from './static';

/** The built client as `npm start` serves it: the service worker must never be cached for long. */
let server: Server;
let url = '';
const temp = tempDir();

beforeAll(async () => {
  mkdirSync(join(temp.dir, 'assets'));
  writeFileSync(join(temp.dir, 'index.html'), '<!doctype html><script src="/assets/main-abc123.js"></script>');
  writeFileSync(join(temp.dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(temp.dir, 'assets', 'main-abc123.js'), 'console.log(1)');
  server = createServer(createStaticHandler(temp.dir));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  temp.remove();
});

describe('static client', () => {
  it('serves the service worker as JavaScript that the browser revalidates every time', async () => {
    const res = await fetch(`${url}/sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('addEventListener');
  });

  it('the app shell is revalidated; hashed assets are immutable', async () => {
    const shell = await fetch(`${url}/s/some-space/messages`);
    expect(shell.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${url}/assets/main-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });
});
