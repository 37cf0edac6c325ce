import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLOSE } from '../../shared/sync/closeCodes';
import { docNames } from '../../shared/sync/docNames';
import { newId } from '../db/ids';
import { startHarness, waitFor, within, type Client, type Harness, type Member } from '../testing/syncClients';


let h: Harness;
afterEach(() => h?.close());

/** The provider got a terminal close with `code`, reported it, and stopped reconnecting. */
async function expectRefused(client: Client, code: number): Promise<void> {
  const closed = await within(`closed ${code}`, client.closed);
  expect(closed.code).toBe(code);
  expect(client.closeCodes).toEqual([code]);
  expect(client.provider.shouldConnect).toBe(false);
  expect(client.provider.wsconnected).toBe(false);
  expect(client.doc.getMap('profile').size).toBe(0);
  // A reconnect attempt would be scheduled within maxBackoffTime (2.5 s); give it a chance to show.
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(client.closeCodes).toEqual([code]);
  expect(h.collab.connectionCount()).toBe(0);
}

describe('upgrade ACL', () => {
  let space: string;
  let alice: Member;
  let contact: string;

  async function setup(options: Parameters<typeof startHarness>[0] = {}) {
    h = await startHarness(options);
    space = h.addSpace();
    alice = h.addMember(space);
    contact = docNames.contact(space, newId());
    h.collab.write(contact, (doc) => doc.getMap('profile').set('name', 'Secret customer'));
  }

  it('closes with 4401 without a session cookie', async () => {
    await setup();
    await expectRefused(h.connect(contact), CLOSE.unauthorized.code);
  });

  it('closes with 4401 for an unknown session token', async () => {
    await setup();
    await expectRefused(h.connect(contact, { userId: 'x', cookie: 'kaon_session=not-a-real-token' }), 4401);
  });

  it('closes with 4404 for a name that is not a doc, after authenticating', async () => {
    await setup();
    await expectRefused(h.connect('s.nope', alice), CLOSE.badDocName.code);
    await expectRefused(h.connect(`s.${space}.contact.bad!id`, alice), 4404);
  });

  it('closes with 4403 for a doc of a space the user is not a member of', async () => {
    await setup();
    const outsider = h.addMember(h.addSpace());
    await expectRefused(h.connect(contact, outsider), CLOSE.forbidden.code);
    await expectRefused(h.connect(docNames.queue(space), outsider), 4403);
  });

  it("closes with 4403 for another member's drafts and inbox", async () => {
    await setup();
    const bob = h.addMember(space);
    await expectRefused(h.connect(docNames.drafts(space, alice.userId), bob), 4403);
    await expectRefused(h.connect(docNames.inbox(space, alice.userId), bob), 4403);
  });

  it('serves a member their own drafts and inbox', async () => {
    await setup();
    const drafts = h.connect(docNames.drafts(space, alice.userId), alice);
    const inbox = h.connect(docNames.inbox(space, alice.userId), alice);
    await waitFor('both synced', () => drafts.provider.synced && inbox.provider.synced);
    expect(h.collab.connectionCount()).toBe(2);
  });

  it('closes with 4403 when docExists says no, and serves the docs it accepts', async () => {
    const missing = newId();
    await setup({ docExists: (ref) => !(ref.kind === 'conv' && ref.conversationId === missing) });
    await expectRefused(h.connect(docNames.conv(space, missing), alice), 4403);
    const ok = h.connect(docNames.conv(space, newId()), alice);
    await waitFor('synced', () => ok.provider.synced);
  });

  it('gives a member the current content on connect', async () => {
    await setup();
    const a = h.connect(contact, alice);
    await waitFor('synced with content', () => a.doc.getMap('profile').get('name') === 'Secret customer');
  });
});

describe('Origin of the upgrade', () => {
  /** A raw socket of `member` with `origin`; resolves with the close code, or 'served' once the server starts syncing. */
  async function attempt(member: Member, docName: string, origin: string | undefined): Promise<number | 'served'> {
    const headers: Record<string, string> = { cookie: member.cookie };
    if (origin !== undefined) headers.origin = origin;
    const ws = new WebSocket(`${h.url}/${docName}`, { headers });
    ws.on('error', () => {});
    try {
      return await within(
        `an answer for origin ${origin}`,
        new Promise<number | 'served'>((resolve) => {
          ws.once('message', () => resolve('served'));
          ws.once('close', (code) => resolve(code));
        }),
      );
    } finally {
      ws.terminate();
    }
  }

  it('refuses another site with 4403, even with a valid cookie; serves the app’s own origin, PUBLIC_URL’s and non-browser clients', async () => {
    h = await startHarness({ publicUrl: 'https://kaon.example.com' });
    const space = h.addSpace();
    const alice = h.addMember(space);
    const queue = docNames.queue(space);
    const host = new URL(h.url).host;
    expect(await attempt(alice, queue, 'https://evil.example')).toBe(CLOSE.badOrigin.code);
    expect(await attempt(alice, queue, `http://${host}.evil.example`)).toBe(4403);
    expect(await attempt(alice, queue, 'null')).toBe(4403);
    expect(await attempt(alice, queue, `http://${host}`)).toBe('served');
    expect(await attempt(alice, queue, `https://${host}`)).toBe('served');
    expect(await attempt(alice, queue, 'https://kaon.example.com')).toBe('served');
    expect(await attempt(alice, queue, undefined)).toBe('served');
  });
});
