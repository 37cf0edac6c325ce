import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../testing/harness';
import { sweepUnattachedFiles } from './unattachedSweep';
import { arrive, startWorld, upload, type World } from '../testing/messages';

// Files nobody attached to anything are removed after UNATTACHED_FILE_TTL_HOURS.
let w: World;
const TTL = 24 * 3_600_000;
beforeAll(async () => {
  w = await startWorld({ unattachedFileTtlMs: TTL });
});
afterAll(() => w?.app.close());

const db = () => w.app.kaon.deps.db;
const fileRow = (id: string) => db().prepare('SELECT id FROM files WHERE id = ?').get(id);
const blobOf = (id: string) => {
  const { sha256 } = db().prepare('SELECT sha256 FROM files WHERE id = ?').get(id) as { sha256: string };
  return join(w.app.config.dataDir, 'files', sha256.slice(0, 2), sha256);
};
const sweep = () => sweepUnattachedFiles(w.app.kaon.deps);

async function visitorFile(text: string) {
  const visitor = await arrive(w.app, w.a.chatKey);
  const res = await visitor.browser.fetch(`/chat/${w.a.chatKey}/files`, { method: 'POST', body: text, headers: { 'content-type': 'text/plain', 'x-file-name': 'note.txt' } });
  expect(res.status).toBe(201);
  return { visitor, id: ((await res.json()) as { id: string }).id };
}

describe('unattached uploads', () => {
  it('are removed after the TTL with their blob; attached ones, snippet files and fresh ones stay', async () => {
    const orphan = await visitorFile('never sent');
    const orphanBlob = blobOf(orphan.id);
    const sent = await visitorFile('sent with a message');
    ok(await sent.visitor.send('', { fileIds: [sent.id] }));
    const { body: memberOrphan } = await upload(w.alice.browser, w.a.id, 'a draft never sent', 'draft.txt');
    const { body: snippetFile } = await upload(w.owner.browser, w.a.id, 'price list', 'prices.txt');
    ok(await w.owner.browser.mutate('snippets.create', { spaceId: w.a.id, name: 'Prices', shortcut: 'prices', body: 'Here you are', fileIds: [snippetFile.id] }));

    w.app.clock.advance(TTL - 1000);
    const fresh = await visitorFile('uploaded later');
    expect(sweep()).toBe(0);
    expect(fileRow(orphan.id)).toBeDefined();

    w.app.clock.advance(2000);
    expect(sweep()).toBe(2);
    expect(fileRow(orphan.id)).toBeUndefined();
    expect(fileRow(memberOrphan.id)).toBeUndefined();
    expect(existsSync(orphanBlob)).toBe(false);
    for (const kept of [sent.id, snippetFile.id, fresh.id]) expect(fileRow(kept)).toBeDefined();
    // A removed upload is gone for its uploader too.
    expect((await orphan.visitor.browser.fetch(`/files/${orphan.id}`)).status).toBe(404);
    expect((await sent.visitor.browser.fetch(`/files/${sent.id}`)).status).toBe(200);
  });

  it('keep the blob while another file row has the same content', async () => {
    const a = await visitorFile('same bytes');
    const b = await visitorFile('same bytes');
    ok(await b.visitor.send('', { fileIds: [b.id] }));
    const blob = blobOf(a.id);
    w.app.clock.advance(TTL + 1);
    expect(sweep()).toBeGreaterThanOrEqual(1);
    expect(fileRow(a.id)).toBeUndefined();
    expect(existsSync(blob)).toBe(true);
    expect(await (await b.visitor.browser.fetch(`/files/${b.id}`)).text()).toBe('same bytes');
  });
});
