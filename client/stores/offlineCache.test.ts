import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/routers/root';
import { startServer, type RunningServer } from '../testing/server';
import { cachedQuery, clearCache, readCache } from './offlineCache';

/** Node has no localStorage: a Storage with the same contract (the browser's is what the app uses). */
class MemoryStorage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key = (i: number) => [...this.items.keys()][i] ?? null;
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, String(v));
  removeItem = (k: string) => void this.items.delete(k);
  clear = () => this.items.clear();
}
const store = new MemoryStorage();
// Object.keys(localStorage) lists the stored keys in browsers; mirror that with a Proxy.
Object.defineProperty(globalThis, 'localStorage', {
  configurable: true,
  value: new Proxy(store, { ownKeys: () => [...(store as unknown as { items: Map<string, string> }).items.keys()], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }) }),
});

let server: RunningServer;
const client = (url: string, cookie = '') => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc`, headers: () => ({ cookie }) })] });

beforeAll(async () => {
  server = await startServer();
}, 60_000);
afterAll(() => server?.stop());
beforeEach(() => store.clear());

describe('cachedQuery', () => {
  it('remembers the last good answer and uses it when Kaon cannot be reached', async () => {
    const online = await cachedQuery('setup', () => client(server.url).setup.status.query());
    expect(online).toEqual({ needsSetup: true });
    expect(readCache('setup')).toEqual({ needsSetup: true });
    const offline = await cachedQuery('setup', () => client('http://127.0.0.1:9').setup.status.query());
    expect(offline).toEqual({ needsSetup: true });
  });

  it('without a remembered answer the network error comes through', async () => {
    await expect(cachedQuery('me', () => client('http://127.0.0.1:9').auth.me.query())).rejects.toThrow();
  });

  it('a signed-out answer (null) is not remembered, and replaces an older one', async () => {
    localStorage.setItem('kaon:cache:me', JSON.stringify({ user: { id: 'old' }, spaces: [] }));
    expect(await cachedQuery('me', () => client(server.url).auth.me.query())).toBeNull();
    expect(readCache('me')).toBeUndefined();
    await expect(cachedQuery('me', () => client('http://127.0.0.1:9').auth.me.query())).rejects.toThrow();
  });

  it('a refusal by the server is never hidden behind the cache', async () => {
    localStorage.setItem('kaon:cache:u:s:members', JSON.stringify([{ id: 'someone' }]));
    await expect(cachedQuery('u:s:members', () => client(server.url).members.list.query({ spaceId: 'not-a-member-space' }))).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  });

  it('sign-out forgets everything cached', () => {
    localStorage.setItem('kaon:cache:me', '{}');
    localStorage.setItem('other-app', 'kept');
    clearCache();
    expect(readCache('me')).toBeUndefined();
    expect(localStorage.getItem('other-app')).toBe('kept');
  });
});
