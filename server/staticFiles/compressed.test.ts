import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { createStaticHandler } from '../static';
import { acceptedEncodings, precompressed } from './compressed';

const dir = mkdtempSync(join(tmpdir(), 'kaon-compressed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('precompressed', () => {
  it('picks brotli, then gzip, then nothing, as the browser allows and the build wrote', () => {
    const both = join(dir, 'a.js');
    const gzOnly = join(dir, 'b.js');
    for (const f of [both, `${both}.br`, `${both}.gz`, gzOnly, `${gzOnly}.gz`]) writeFileSync(f, 'x');
    expect(precompressed(both, 'gzip, deflate, br, zstd')).toEqual({ path: `${both}.br`, encoding: 'br' });
    expect(precompressed(both, 'gzip')).toEqual({ path: `${both}.gz`, encoding: 'gzip' });
    expect(precompressed(both, 'br;q=0, gzip')).toEqual({ path: `${both}.gz`, encoding: 'gzip' });
    expect(precompressed(gzOnly, 'br, gzip')).toEqual({ path: `${gzOnly}.gz`, encoding: 'gzip' });
    expect(precompressed(both, undefined)).toBeNull();
    expect(precompressed(join(dir, 'none.js'), 'br')).toBeNull();
  });

  it('reads Accept-Encoding tokens with their weights', () => {
    expect([...acceptedEncodings('GZIP;q=0.5, br;q=0, identity')]).toEqual(['gzip', 'identity']);
    expect([...acceptedEncodings(['br', 'gzip'])]).toEqual(['br', 'gzip']);
  });
});

describe('the static client, served precompressed', () => {
  it('sends the brotli copy with Content-Encoding and Vary, the plain file to a client that asks for none', async () => {
    const root = join(dir, 'client');
    mkdirSync(join(root, 'assets'), { recursive: true });
    const js = 'console.log("a hashed asset");'.repeat(100);
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'assets', 'main-abc.js'), js);
    writeFileSync(join(root, 'assets', 'main-abc.js.br'), brotliCompressSync(js));
    const server = createServer(createStaticHandler(root));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        // node:http's get, not fetch: fetch would decode the body and hide what was sent.
        get({ port, host: '127.0.0.1', path: '/assets/main-abc.js', headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
      expect(raw.headers['content-encoding']).toBe('br');
      expect(raw.headers.vary).toBe('Accept-Encoding');
      expect(raw.headers['cache-control']).toContain('immutable');
      expect(brotliDecompressSync(raw.body).toString()).toBe(js);
      const plain = await fetch(`http://127.0.0.1:${port}/assets/main-abc.js`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(await plain.text()).toBe(js);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
