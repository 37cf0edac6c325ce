import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, failed, ok } from '../testing/harness';
import { startWorld, type World } from '../testing/messages';

let w: World;
let manager: Awaited<ReturnType<typeof addMember>>;
const count = () => (w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM snippets').get() as { n: number }).n;
const good = { name: 'Greeting', shortcut: 'hi', body: 'Hi {{contact.firstName}}, this is {{agent.name}} from {{space.name}}.' };

beforeAll(async () => {
  w = await startWorld();
  manager = await addMember(w.app, w.owner.browser, w.a.id, 'manager', { name: 'Mona Manager', email: 'mona@example.com' });
});
afterAll(() => w.app.close());

describe('snippets', () => {
  it('a manager creates, edits and deletes; everyone lists', async () => {
    const created = ok(await manager.browser.mutate('snippets.create', { spaceId: w.a.id, ...good, shortcut: ' HI ' }));
    expect(created).toMatchObject({ name: 'Greeting', shortcut: 'hi' });
    expect(ok(await w.alice.browser.query('snippets.list', { spaceId: w.a.id })).map((s) => s.shortcut)).toEqual(['hi']);
    const updated = ok(await w.owner.browser.mutate('snippets.update', { spaceId: w.a.id, snippetId: created.id, ...good, body: 'Hello {{contact.name}}' }));
    expect(updated.body).toBe('Hello {{contact.name}}');
    ok(await manager.browser.mutate('snippets.delete', { spaceId: w.a.id, snippetId: created.id }));
    expect(count()).toBe(0);
  });

  it('agents can use but never create, edit or delete (FORBIDDEN, nothing written)', async () => {
    const s = ok(await manager.browser.mutate('snippets.create', { spaceId: w.a.id, ...good, shortcut: 'agentproof' }));
    const before = count();
    for (const res of [
      await w.alice.browser.mutate('snippets.create', { spaceId: w.a.id, ...good, shortcut: 'nope' }),
      await w.alice.browser.mutate('snippets.update', { spaceId: w.a.id, snippetId: s.id, ...good, body: 'changed' }),
      await w.alice.browser.mutate('snippets.delete', { spaceId: w.a.id, snippetId: s.id }),
    ]) {
      expect(failed(res)).toMatchObject({ code: 'FORBIDDEN', message: 'Only owners and managers can do this.' });
    }
    expect(count()).toBe(before);
    expect(ok(await w.alice.browser.query('snippets.list', { spaceId: w.a.id })).find((x) => x.id === s.id)?.body).toBe(good.body);
  });

  it.each([
    [{ ...good, body: 'Hi {{contact.age}}' }, 'body', 'Unknown variable {{contact.age}}'],
    [{ ...good, body: '   ' }, 'body', 'Write the snippet text'],
    [{ ...good, shortcut: 'two words' }, 'shortcut', 'Shortcuts are'],
    [{ ...good, name: '' }, 'name', 'Give the snippet a name'],
    [{ ...good, body: 'x'.repeat(5001) }, 'body', 'Snippets are at most 5,000 characters'],
  ])('bad input %# is refused naming the field, nothing written', async (input, field, message) => {
    const before = count();
    const err = failed(await manager.browser.mutate('snippets.create', { spaceId: w.a.id, ...input }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain(`${field}: ${message}`);
    expect(count()).toBe(before);
  });

  it('a shortcut is unique in its space, not across spaces', async () => {
    ok(await manager.browser.mutate('snippets.create', { spaceId: w.a.id, ...good, shortcut: 'dup' }));
    expect(failed(await manager.browser.mutate('snippets.create', { spaceId: w.a.id, ...good, shortcut: 'dup' })).message).toContain('/dup is already used');
    ok(await w.xavier.browser.mutate('snippets.create', { spaceId: w.b.id, ...good, shortcut: 'dup' }));
  });

  it('another space’s snippets are NOT_FOUND, never listed or changed', async () => {
    const theirs = ok(await w.xavier.browser.mutate('snippets.create', { spaceId: w.b.id, ...good, shortcut: 'theirs' }));
    expect(failed(await manager.browser.query('snippets.list', { spaceId: w.b.id })).code).toBe('NOT_FOUND');
    expect(failed(await manager.browser.mutate('snippets.update', { spaceId: w.a.id, snippetId: theirs.id, ...good })).code).toBe('NOT_FOUND');
    expect(failed(await manager.browser.mutate('snippets.delete', { spaceId: w.a.id, snippetId: theirs.id })).code).toBe('NOT_FOUND');
    expect(ok(await w.xavier.browser.query('snippets.list', { spaceId: w.b.id })).map((s) => s.body)).toContain(good.body);
  });

  it('an API token of a manager can create snippets from a script', async () => {
    const { token } = ok(await manager.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'import' }));
    const script = w.app.browser({ bearer: token });
    ok(await script.mutate('snippets.create', { spaceId: w.a.id, ...good, shortcut: 'scripted' }));
    expect(failed(await w.app.browser().query('snippets.list', { spaceId: w.a.id })).code).toBe('UNAUTHORIZED');
  });
});
