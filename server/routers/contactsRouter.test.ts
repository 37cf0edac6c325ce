import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { search } from '../db/search';
import { addMember, failed, ok, type Person } from '../testing/harness';
import { arrive, startWorld, type World } from '../testing/messages';

let w: World;
let mona: Person;
const db = () => w.app.kaon.deps.db;
const fieldRows = () => (db().prepare('SELECT count(*) AS n FROM contact_fields').get() as { n: number }).n;

/** A contact of space A with a profile as the projection writes it (SQLite + search). */
async function contact(name: string, extra: { phone?: string; email?: string; company?: string; tags?: string[] } = {}, space = w.a) {
  const visitor = await arrive(w.app, space.chatKey);
  const said = await visitor.say(`Hi, ${name} here`);
  w.app.clock.advance(1000);
  db()
    .prepare('UPDATE contacts SET name = ?, phone = ?, email = ?, company = ?, tags = ? WHERE id = ?')
    .run(name, extra.phone ?? '', extra.email ?? '', extra.company ?? '', JSON.stringify(extra.tags ?? []), said.contactId);
  // indexed as the projection does
  search.reindexContact(db(), space.id, said.contactId);
  return { ...said, visitor };
}

let zoe: Awaited<ReturnType<typeof contact>>;
let adam: Awaited<ReturnType<typeof contact>>;
let mia: Awaited<ReturnType<typeof contact>>;

beforeAll(async () => {
  w = await startWorld();
  mona = await addMember(w.app, w.owner.browser, w.a.id, 'manager', { name: 'Mona Manager', email: 'mona@example.com' });
  zoe = await contact('Zoë Zed', { phone: '+1 555 0100', tags: ['vip'] });
  adam = await contact('adam Ant', { email: 'adam@ants.example', company: 'Ant Music' });
  mia = await contact('Mia Mo', { company: 'Ant Farm' });
  await contact('Beta Only', { email: 'adam@beta.example' }, w.b);
});
afterAll(() => w.app.close());

describe('contacts.list', () => {
  it('lists every contact of the space by name, case-insensitively, with closed ones too', async () => {
    ok(await w.alice.browser.mutate('conversations.close', { spaceId: w.a.id, conversationId: mia.conversationId, version: 1 }));
    const list = ok(await w.alice.browser.query('contacts.list', { spaceId: w.a.id, sort: 'name' }));
    expect(list.items.map((c) => c.name)).toEqual(['adam Ant', 'Mia Mo', 'Zoë Zed']);
    expect(list.items[2]).toMatchObject({ id: zoe.contactId, phone: '+1 555 0100', tags: ['vip'] });
    expect(list.next).toBeNull();
  });

  it('sorts by recent activity, newest first', async () => {
    w.app.clock.advance(1000);
    await adam.visitor.say('Back again');
    const list = ok(await w.alice.browser.query('contacts.list', { spaceId: w.a.id, sort: 'recent' }));
    expect(list.items.map((c) => c.name)).toEqual(['adam Ant', 'Mia Mo', 'Zoë Zed']);
  });

  it.each([
    ['adam', ['adam Ant']],
    ['ants.example', ['adam Ant']],
    ['ant', ['adam Ant', 'Mia Mo']],
    ['555 0100', ['Zoë Zed']],
    ['zoe', ['Zoë Zed']],
    ['VIP', ['Zoë Zed']],
    ['"', []],
    ['nobody', []],
  ])('searches name, phone, e-mail, company and tags: %s', async (query, names) => {
    const list = ok(await w.alice.browser.query('contacts.list', { spaceId: w.a.id, query, sort: 'name' }));
    expect(list.items.map((c) => c.name)).toEqual(names);
  });

  it.each(['name', 'recent'] as const)('pages with a stable cursor (%s)', async (sort) => {
    const all = ok(await w.alice.browser.query('contacts.list', { spaceId: w.a.id, sort, limit: 200 })).items.map((c) => c.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = ok(await w.alice.browser.query('contacts.list', { spaceId: w.a.id, sort, limit: 1, cursor }));
      seen.push(...page.items.map((c) => c.id));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(seen).toEqual(all);
    expect(all).toHaveLength(3);
  });

  it('refuses bad input and other spaces', async () => {
    expect(failed(await w.alice.browser.query('contacts.list', { spaceId: w.a.id, sort: 'name', cursor: 'garbage' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(failed(await w.alice.browser.query('contacts.list', { spaceId: w.a.id, sort: 'name', limit: 201 })).code).toBe('BAD_REQUEST');
    expect(failed(await w.alice.browser.query('contacts.list', { spaceId: w.a.id, query: 'x'.repeat(201) })).message).toContain('query');
    expect(failed(await w.alice.browser.query('contacts.list', { spaceId: w.b.id })).code).toBe('NOT_FOUND');
    // Space B's contact never shows in A, even when it matches.
    expect(ok(await w.xavier.browser.query('contacts.list', { spaceId: w.b.id, query: 'adam' })).items.map((c) => c.name)).toEqual(['Beta Only']);
  });
});

describe('contacts.get', () => {
  it('returns the profile, channels (no visitor hashes), open conversation and history with closing notes', async () => {
    const got = ok(await w.alice.browser.query('contacts.get', { spaceId: w.a.id, contactId: mia.contactId }));
    expect(got).toMatchObject({ id: mia.contactId, name: 'Mia Mo', company: 'Ant Farm', tags: [], fields: {}, openConversationId: null });
    expect(got.channels).toEqual([{ id: expect.any(String), kind: 'webchat', name: expect.any(String), externalId: null }]);
    expect(got.conversations).toEqual([expect.objectContaining({ id: mia.conversationId, status: 'closed', closedByName: 'Alice Agent' })]);
    const open = ok(await w.alice.browser.query('contacts.get', { spaceId: w.a.id, contactId: zoe.contactId }));
    expect(open.openConversationId).toBe(zoe.conversationId);
  });

  it('another space’s contact is NOT_FOUND', async () => {
    expect(failed(await w.xavier.browser.query('contacts.get', { spaceId: w.b.id, contactId: zoe.contactId })).code).toBe('NOT_FOUND');
    expect(failed(await w.xavier.browser.query('contacts.get', { spaceId: w.a.id, contactId: zoe.contactId })).code).toBe('NOT_FOUND');
  });
});

describe('contactFields', () => {
  it('a manager adds, renames, reorders and deletes; agents list', async () => {
    ok(await mona.browser.mutate('contactFields.save', { spaceId: w.a.id, key: 'plan', label: 'Plan' }));
    ok(await mona.browser.mutate('contactFields.save', { spaceId: w.a.id, key: 'customer_id', label: ' Customer ID ' }));
    ok(await w.owner.browser.mutate('contactFields.save', { spaceId: w.a.id, key: 'plan', label: 'Subscription plan' }));
    expect(ok(await w.alice.browser.query('contactFields.list', { spaceId: w.a.id }))).toEqual([
      { key: 'plan', label: 'Subscription plan', position: 0 },
      { key: 'customer_id', label: 'Customer ID', position: 1 },
    ]);
    ok(await mona.browser.mutate('contactFields.reorder', { spaceId: w.a.id, keys: ['customer_id', 'plan'] }));
    expect(ok(await w.alice.browser.query('contactFields.list', { spaceId: w.a.id })).map((f) => f.key)).toEqual(['customer_id', 'plan']);
    ok(await mona.browser.mutate('contactFields.delete', { spaceId: w.a.id, key: 'customer_id' }));
    expect(ok(await w.alice.browser.query('contactFields.list', { spaceId: w.a.id })).map((f) => f.key)).toEqual(['plan']);
  });

  it('agents are FORBIDDEN, other spaces NOT_FOUND; nothing written', async () => {
    const before = fieldRows();
    for (const res of [
      await w.alice.browser.mutate('contactFields.save', { spaceId: w.a.id, key: 'nope', label: 'Nope' }),
      await w.alice.browser.mutate('contactFields.delete', { spaceId: w.a.id, key: 'plan' }),
      await w.alice.browser.mutate('contactFields.reorder', { spaceId: w.a.id, keys: ['plan'] }),
    ])
      expect(failed(res)).toMatchObject({ code: 'FORBIDDEN', message: 'Only owners and managers can do this.' });
    expect(failed(await w.xavier.browser.mutate('contactFields.save', { spaceId: w.a.id, key: 'theirs', label: 'Theirs' })).code).toBe('NOT_FOUND');
    expect(failed(await w.xavier.browser.query('contactFields.list', { spaceId: w.a.id })).code).toBe('NOT_FOUND');
    expect(failed(await w.xavier.browser.mutate('contactFields.delete', { spaceId: w.b.id, key: 'plan' })).code).toBe('NOT_FOUND');
    expect(fieldRows()).toBe(before);
  });

  it.each([
    [{ key: 'Plan', label: 'Plan' }, 'key: Use lowercase letters'],
    [{ key: '1plan', label: 'Plan' }, 'key: Use lowercase letters'],
    [{ key: 'plan-b', label: 'Plan' }, 'key: Use lowercase letters'],
    [{ key: 'plan', label: '  ' }, 'label: Give the field a label'],
    [{ key: 'plan', label: 'x'.repeat(81) }, 'label: Labels are at most 80 characters'],
  ])('bad input %# is refused naming the field', async (input, message) => {
    const before = fieldRows();
    const err = failed(await mona.browser.mutate('contactFields.save', { spaceId: w.a.id, ...input }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain(message);
    expect(fieldRows()).toBe(before);
  });

  it('reorder must name every field once, and names unknown keys', async () => {
    expect(failed(await mona.browser.mutate('contactFields.reorder', { spaceId: w.a.id, keys: ['plan', 'ghost'] })).message).toContain('“ghost”');
    expect(failed(await mona.browser.mutate('contactFields.reorder', { spaceId: w.a.id, keys: [] })).message).toContain('exactly once');
  });

  it('an API token of a manager works in its space only', async () => {
    const { token } = ok(await mona.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'script' }));
    const script = w.app.browser({ bearer: token });
    ok(await script.mutate('contactFields.save', { spaceId: w.a.id, key: 'region', label: 'Region' }));
    expect(ok(await script.query('contactFields.list', { spaceId: w.a.id })).map((f) => f.key)).toContain('region');
    expect(failed(await script.query('contactFields.list', { spaceId: w.b.id })).code).toBe('NOT_FOUND');
    expect(ok(await script.query('contacts.list', { spaceId: w.a.id, query: 'zoe' })).items.map((c) => c.name)).toEqual(['Zoë Zed']);
  });
});
