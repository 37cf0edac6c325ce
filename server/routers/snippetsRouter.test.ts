import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, failed, ok } from '../testing/harness';
import { arrive, newClientId, startWorld, upload, type World } from '../testing/messages';

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

describe('snippet files', () => {
  const linked = () => (w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM snippet_files').get() as { n: number }).n;
  let shortcuts = 0;
  const fresh = () => ({ ...good, shortcut: `files${++shortcuts}` });
  const uploadOk = async (browser = manager.browser, name = 'price-list.txt', spaceId = w.a.id) => {
    const res = await upload(browser, spaceId, `bytes of ${name} ${newClientId()}`, name);
    expect(res.status, res.body.error).toBe(201);
    return res.body;
  };

  it('a manager attaches files; the snippet and the list carry them, in order, as FileRefs', async () => {
    const price = await uploadOk(manager.browser, 'price-list.txt');
    const terms = await uploadOk(w.alice.browser, 'terms.txt'); // a teammate's upload is fine
    const created = ok(await manager.browser.mutate('snippets.create', { spaceId: w.a.id, ...fresh(), fileIds: [terms.id, price.id] }));
    const refs = [terms, price].map((f) => ({ id: f.id, name: f.name, mime: 'text/plain', size: f.size }));
    expect(created.files).toEqual(refs);
    const listed = ok(await w.alice.browser.query('snippets.list', { spaceId: w.a.id })).find((s) => s.id === created.id);
    expect(listed?.files).toEqual(refs);

    // An update that leaves fileIds out keeps them; an empty list removes them.
    const kept = ok(await manager.browser.mutate('snippets.update', { spaceId: w.a.id, snippetId: created.id, ...good, shortcut: created.shortcut, body: 'Changed' }));
    expect(kept.files).toEqual(refs);
    const cleared = ok(await manager.browser.mutate('snippets.update', { spaceId: w.a.id, snippetId: created.id, ...good, shortcut: created.shortcut, fileIds: [] }));
    expect(cleared.files).toEqual([]);
    expect(ok(await w.alice.browser.query('snippets.list', { spaceId: w.a.id })).find((s) => s.id === created.id)?.files).toEqual([]);
  });

  it('an agent cannot attach files to a snippet (FORBIDDEN, nothing written)', async () => {
    const file = await uploadOk(w.alice.browser);
    const s = ok(await manager.browser.mutate('snippets.create', { spaceId: w.a.id, ...fresh() }));
    const before = [count(), linked()];
    for (const res of [
      await w.alice.browser.mutate('snippets.create', { spaceId: w.a.id, ...fresh(), fileIds: [file.id] }),
      await w.alice.browser.mutate('snippets.update', { spaceId: w.a.id, snippetId: s.id, ...good, shortcut: s.shortcut, fileIds: [file.id] }),
    ]) {
      expect(failed(res)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect([count(), linked()]).toEqual(before);
  });

  it('refuses another space’s file, an unknown id, a visitor’s upload, duplicates and too many, naming fileIds; nothing written', async () => {
    const mine = await uploadOk();
    const theirs = await uploadOk(w.xavier.browser, 'beta.txt', w.b.id);
    const visitor = await arrive(w.app, w.a.chatKey);
    const visitorFile = await visitor.browser.fetch(`/chat/${w.a.chatKey}/files`, {
      method: 'POST',
      body: 'from a customer',
      headers: { 'content-type': 'text/plain', 'x-file-name': 'customer.txt' },
    });
    expect(visitorFile.status).toBe(201);
    const visitorFileId = ((await visitorFile.json()) as { id: string }).id;
    const six = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => uploadOk(manager.browser, `f${i}.txt`)));
    const existing = ok(await manager.browser.mutate('snippets.create', { spaceId: w.a.id, ...fresh(), fileIds: [mine.id] }));
    const before = [count(), linked()];
    const cases: Array<[string[], string, string]> = [
      [[mine.id, theirs.id], 'NOT_FOUND', `fileIds: The file ${theirs.id} was not found.`],
      [['unknown-file-id'], 'NOT_FOUND', 'fileIds: The file unknown-file-id was not found.'],
      [[visitorFileId], 'NOT_FOUND', `fileIds: The file ${visitorFileId} was not found.`],
      [[mine.id, mine.id], 'BAD_REQUEST', 'fileIds: The same file is attached twice'],
      [six.map((f) => f.id), 'BAD_REQUEST', 'fileIds: A snippet carries at most 5 files'],
      [['../etc'], 'BAD_REQUEST', 'fileIds.0: Not a valid id'],
    ];
    for (const [fileIds, code, message] of cases) {
      const created = failed(await manager.browser.mutate('snippets.create', { spaceId: w.a.id, ...fresh(), fileIds }));
      expect(created.code).toBe(code);
      expect(created.message).toContain(message);
      const updated = failed(await manager.browser.mutate('snippets.update', { spaceId: w.a.id, snippetId: existing.id, ...good, shortcut: existing.shortcut, fileIds }));
      expect(updated.code).toBe(code);
    }
    expect([count(), linked()]).toEqual(before);
    expect(ok(await manager.browser.query('snippets.list', { spaceId: w.a.id })).find((s) => s.id === existing.id)?.files.map((f) => f.id)).toEqual([mine.id]);
  });

  it('replies carrying a snippet’s files deliver them, in two messages; the visitor and the team download them', async () => {
    const bytes = `Opening hours ${newClientId()}`;
    const res = await upload(manager.browser, w.a.id, bytes, 'hours.txt');
    const hours = res.body;
    const snippet = ok(await manager.browser.mutate('snippets.create', { spaceId: w.a.id, ...fresh(), body: 'Here are our hours.', fileIds: [hours.id] }));
    const visitor = await arrive(w.app, w.a.chatKey);
    const { contactId } = await visitor.say('When are you open?');
    const stranger = await arrive(w.app, w.a.chatKey);
    expect((await stranger.browser.fetch(`/files/${hours.id}`)).status).toBe(404); // not in their conversation

    const fileIds = snippet.files.map((f) => f.id);
    ok(await w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body: snippet.body, clientId: newClientId(), fileIds }));
    ok(await w.bob.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body: 'Again, here they are.', clientId: newClientId(), fileIds }));

    const replies = (await visitor.transcript()).messages.filter((m) => m.direction === 'out');
    expect(replies.map((m) => [m.body, m.files])).toEqual([
      ['Here are our hours.', [{ id: hours.id, name: 'hours.txt', mime: 'text/plain', size: bytes.length }]],
      ['Again, here they are.', [{ id: hours.id, name: 'hours.txt', mime: 'text/plain', size: bytes.length }]],
    ]);
    for (const browser of [visitor.browser, w.alice.browser, w.bob.browser]) {
      const got = await browser.fetch(`/files/${hours.id}`);
      expect(got.status).toBe(200);
      expect(await got.text()).toBe(bytes);
    }
    expect((await stranger.browser.fetch(`/files/${hours.id}`)).status).toBe(404);

    // Deleting the snippet leaves the sent messages' files in place.
    ok(await manager.browser.mutate('snippets.delete', { spaceId: w.a.id, snippetId: snippet.id }));
    expect((await visitor.browser.fetch(`/files/${hours.id}`)).status).toBe(200);
    expect((await visitor.transcript()).messages.filter((m) => m.direction === 'out').every((m) => m.files.length === 1)).toBe(true);
  });
});
