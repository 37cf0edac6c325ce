import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT, type CommentRecord } from '../../shared/sync/contactDoc';
import { docNames } from '../../shared/sync/docNames';
import { contacts, type ContactProfileRow } from '../db/contacts';
import { rmSync } from 'node:fs';
import { ok, startApp, type InputOf, type Person } from '../testing/harness';
import { arrive, eventually, queueDoc, startWorld, type World } from '../testing/messages';

let w: World;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  w = await startWorld();
  // Field values are kept only for fields the space defines.
  ok(await w.owner.browser.mutate('contactFields.save', { spaceId: w.a.id, key: 'plan', label: 'Plan' }));
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await w.app.close();
});

/** A real y-websocket client of `who` on a contact doc, synced. */
async function open(who: Person, spaceId: string, contactId: string) {
  const session = who.browser.cookies.get('kaon_session');
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: `kaon_session=${session}` } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(w.app.url.replace(/^http/, 'ws') + '/yjs', docNames.contact(spaceId, contactId), doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.push(provider);
  await eventually('synced', () => provider.synced);
  return { doc, profile: doc.getMap<string>(CONTACT.profile), tags: doc.getMap<number>(CONTACT.tags), fields: doc.getMap<string>(CONTACT.fields) };
}

const row = (contactId: string) => w.app.kaon.deps.db.prepare('SELECT * FROM contacts WHERE id = ?').get(contactId) as ContactProfileRow;
const serverDoc = (contactId: string) => w.app.kaon.collab.read(docNames.contact(w.a.id, contactId));
const listNames = async (query: string) => ok(await w.alice.browser.query('contacts.list', { spaceId: w.a.id, query, sort: 'name' })).items.map((c) => c.name);

async function newContact(text = 'Hello') {
  return (await arrive(w.app, w.a.chatKey)).say(text);
}

describe('the contact profile', () => {
  it('is seeded from SQLite when its doc is first loaded (contacts that existed before profiles too)', async () => {
    const { contactId } = await newContact();
    // As if written before profiles existed: only SQLite knows the phone.
    w.app.kaon.deps.db.prepare("UPDATE contacts SET phone = '+44 20 7946 0000', tags = '[\"legacy\"]' WHERE id = ?").run(contactId);
    const c = await open(w.alice, w.a.id, contactId);
    expect(c.profile.get('name')).toMatch(/^Visitor /);
    expect(c.profile.get('phone')).toBe('+44 20 7946 0000');
    expect([...c.tags.keys()]).toEqual(['legacy']);
  });

  it('edited through a real client updates SQLite, the search index and the queue doc', async () => {
    const { contactId, conversationId } = await newContact();
    const c = await open(w.alice, w.a.id, contactId);
    c.doc.transact(() => {
      c.profile.set('name', 'Ada Lovelace');
      c.profile.set('phone', '+49 170 5550123');
      c.profile.set('email', 'ada@analytical.example');
      c.profile.set('company', 'Analytical Engines');
      c.tags.set('vip', Date.now());
      c.fields.set('plan', 'Pro');
    });
    await eventually('projected into SQLite', () => row(contactId).name === 'Ada Lovelace');
    expect(contacts.profileOf(row(contactId))).toEqual({
      name: 'Ada Lovelace',
      phone: '+49 170 5550123',
      email: 'ada@analytical.example',
      company: 'Analytical Engines',
      tags: ['vip'],
      fields: { plan: 'Pro' },
    });
    for (const q of ['lovelace', '5550123', 'analytical.example', 'engines', 'vip']) expect(await listNames(q)).toEqual(['Ada Lovelace']);
    expect(queueDoc(w.app, w.a.id).open.get(conversationId)?.contactName).toBe('Ada Lovelace');
    // The Messages search finds the contact by its new name too.
    expect(ok(await w.alice.browser.query('conversations.search', { spaceId: w.a.id, q: 'Ada' })).some((r) => r.kind === 'contact' && r.id === contactId)).toBe(true);
  });

  it('a profile change is announced to the space (the Contacts list and page follow it live); an unchanged one is not', async () => {
    const { contactId } = await newContact();
    const c = await open(w.alice, w.a.id, contactId);
    const seen: string[] = [];
    const off = w.app.kaon.deps.events.onAny((spaceId, event) => {
      if (event.type === 'contacts.changed') seen.push(`${spaceId}/${event.contactId}`);
    });
    try {
      c.profile.set('company', 'Babbage & Co');
      await eventually('the change announced', () => seen.length === 1);
      expect(seen).toEqual([`${w.a.id}/${contactId}`]);
      c.profile.set('company', 'Babbage & Co '); // the same once trimmed: nothing changes in SQLite
      c.profile.set('company', 'Babbage & Co');
      c.profile.set('phone', '+44 20 7946 0001'); // updates are handled in order: its announcement comes after those two
      await eventually('the phone projected', () => contacts.profileOf(row(contactId)).phone === '+44 20 7946 0001');
      expect(seen).toEqual([`${w.a.id}/${contactId}`, `${w.a.id}/${contactId}`]);
    } finally {
      off();
    }
  });

  it('a name the visitor gives later reaches an already seeded doc, and later edits keep it', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { contactId } = await visitor.say('No name yet');
    const c = await open(w.alice, w.a.id, contactId);
    expect(c.profile.get('name')).toMatch(/^Visitor /);
    await visitor.say('It is Ken', { name: 'Ken Thompson' });
    await eventually('the name in the doc', () => c.profile.get('name') === 'Ken Thompson');
    c.profile.set('phone', '+1 555 0199');
    await eventually('phone projected', () => row(contactId).phone === '+1 555 0199');
    expect(row(contactId).name).toBe('Ken Thompson');
  });

  it('an emptied name keeps the previous one in lists', async () => {
    const { contactId } = await newContact();
    const c = await open(w.bob, w.a.id, contactId);
    c.profile.set('name', 'Grace Hopper');
    await eventually('renamed', () => row(contactId).name === 'Grace Hopper');
    c.doc.transact(() => {
      c.profile.set('name', '   ');
      c.profile.set('company', 'Navy');
    });
    await eventually('company projected', () => row(contactId).company === 'Navy');
    expect(row(contactId).name).toBe('Grace Hopper');
  });

  it.each([
    ['a name over 200 characters', (c: Awaited<ReturnType<typeof open>>) => c.profile.set('name', 'x'.repeat(201))],
    ['an e-mail over 254 characters', (c: Awaited<ReturnType<typeof open>>) => c.profile.set('email', `${'x'.repeat(250)}@x.io`)],
    ['a tag with spaces around it', (c: Awaited<ReturnType<typeof open>>) => c.tags.set(' vip ', 1)],
    ['a field key with capitals', (c: Awaited<ReturnType<typeof open>>) => c.fields.set('Plan', 'Pro')],
    ['a profile key that does not exist', (c: Awaited<ReturnType<typeof open>>) => c.profile.set('age', '42')],
  ])('refuses %s: nothing stored, SQLite unchanged', async (_what, edit) => {
    const { contactId } = await newContact();
    const c = await open(w.alice, w.a.id, contactId);
    const before = row(contactId);
    edit(c);
    // A later valid edit from another member is accepted, so the refused one has been handled by now.
    const other = await open(w.bob, w.a.id, contactId);
    other.profile.set('company', 'Checked');
    await eventually('the valid edit projected', () => row(contactId).company === 'Checked');
    expect({ ...row(contactId), company: before.company, updated_at: before.updated_at }).toEqual(before);
    const server = serverDoc(contactId);
    expect(server.getMap(CONTACT.profile).get('age')).toBeUndefined();
    expect((server.getMap(CONTACT.profile).get('name') as string).length).toBeLessThanOrEqual(200);
    expect(server.getMap(CONTACT.tags).has(' vip ')).toBe(false);
    expect(server.getMap(CONTACT.fields).has('Plan')).toBe(false);
  });
});

type Definition = InputOf<'workflows.save'>['definition'];

describe('workflows on contact tags', () => {
  it('a tag condition reads the real tags; addTag and addComment are written to the contact doc', async () => {
    const definition: Definition = {
      trigger: 'message.received',
      conditions: [{ kind: 'contactTag', tag: 'vip', present: true }],
      actions: [
        { kind: 'addTag', tag: 'priority' },
        { kind: 'addComment', text: 'VIP wrote again' },
      ],
    };
    const wf = ok(await w.owner.browser.mutate('workflows.save', { spaceId: w.a.id, name: 'VIP', definition }));
    try {
      const visitor = await arrive(w.app, w.a.chatKey);
      const { contactId } = await visitor.say('First');
      // Not a VIP yet: nothing happens.
      expect(contacts.profileOf(row(contactId)).tags).toEqual([]);
      const c = await open(w.alice, w.a.id, contactId);
      c.tags.set('vip', Date.now());
      await eventually('vip projected', () => contacts.profileOf(row(contactId)).tags.includes('vip'));
      await visitor.say('Second');
      expect(contacts.profileOf(row(contactId)).tags).toEqual(['priority', 'vip']);
      await eventually('the tag in the member’s doc', () => c.tags.has('priority'));
      const comments = [...c.doc.getMap<CommentRecord>(CONTACT.comments).values()];
      expect(comments).toEqual([expect.objectContaining({ authorId: `workflow-${wf.id}`, body: 'VIP wrote again', deleted: false })]);
      expect(await listNames('priority')).toContain(row(contactId).name);
      // Nothing is left queued.
      expect(w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM contact_doc_edits').get()).toEqual({ n: 0 });
    } finally {
      ok(await w.owner.browser.mutate('workflows.delete', { spaceId: w.a.id, workflowId: wf.id }));
    }
  });

  it('a member adding a tag fires contact.tagAdded workflows on the open conversation', async () => {
    const definition: Definition = { trigger: 'contact.tagAdded', conditions: [{ kind: 'contactTag', tag: 'escalate', present: true }], actions: [{ kind: 'assign', userId: w.bob.user.id }, { kind: 'addTag', tag: 'escalated' }] };
    const wf = ok(await w.owner.browser.mutate('workflows.save', { spaceId: w.a.id, name: 'Escalate', definition }));
    try {
      const { contactId, conversationId } = await newContact();
      const c = await open(w.alice, w.a.id, contactId);
      c.tags.set('escalate', Date.now());
      await eventually('the workflow’s tag in the doc', () => c.tags.has('escalated'));
      expect(w.app.kaon.deps.db.prepare('SELECT assignee_id FROM conversations WHERE id = ?').get(conversationId)).toEqual({ assignee_id: w.bob.user.id });
      expect(contacts.profileOf(row(contactId)).tags).toEqual(['escalate', 'escalated']);
    } finally {
      ok(await w.owner.browser.mutate('workflows.delete', { spaceId: w.a.id, workflowId: wf.id }));
    }
  });

  it('a field condition and {{contact.fields.<key>}} in a workflow message read the contact’s fields', async () => {
    const definition: Definition = {
      trigger: 'message.received',
      conditions: [{ kind: 'contactField', key: 'plan', equals: 'pro' }],
      actions: [{ kind: 'sendText', text: 'Your {{contact.fields.plan}} plan includes phone support.' }],
    };
    const wf = ok(await w.owner.browser.mutate('workflows.save', { spaceId: w.a.id, name: 'Plan', definition }));
    try {
      const visitor = await arrive(w.app, w.a.chatKey);
      const { contactId } = await visitor.say('Hi');
      const c = await open(w.alice, w.a.id, contactId);
      c.fields.set('plan', 'Pro');
      await eventually('field projected', () => contacts.profileOf(row(contactId)).fields.plan === 'Pro');
      await visitor.say('Can I call you?');
      const replies = (await visitor.transcript()).messages.filter((m) => m.direction === 'out').map((m) => m.body);
      expect(replies).toEqual(['Your Pro plan includes phone support.']);
    } finally {
      ok(await w.owner.browser.mutate('workflows.delete', { spaceId: w.a.id, workflowId: wf.id }));
    }
  });
});

describe('queued contact-doc edits', () => {
  it('left by a crash between the commit and the doc write are applied at the next start', async () => {
    const world = await startWorld();
    const { contactId } = await (await arrive(world.app, world.a.chatKey)).say('Hi');
    // As if the server stopped right after a workflow's commit.
    world.app.kaon.deps.db
      .prepare('INSERT INTO contact_doc_edits (space_id, contact_id, edit) VALUES (?, ?, ?)')
      .run(world.a.id, contactId, JSON.stringify({ kind: 'addTag', tag: 'late', at: 1 }));
    await world.app.kaon.close();
    const again = await startApp({ dataDir: world.app.config.dataDir });
    try {
      expect(again.kaon.collab.read(docNames.contact(world.a.id, contactId)).getMap(CONTACT.tags).has('late')).toBe(true);
      expect(again.kaon.deps.db.prepare('SELECT count(*) AS n FROM contact_doc_edits').get()).toEqual({ n: 0 });
    } finally {
      await again.close();
      rmSync(world.app.dir, { recursive: true, force: true });
    }
  });
});
