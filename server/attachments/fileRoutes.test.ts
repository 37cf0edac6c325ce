import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failed, ok, type Browser } from '../testing/harness';
import { arrive, convDoc, healthy, messagesOf, newClientId, rows, snapshot, startWorld, type Visitor, type World } from '../testing/messages';

// One Kaon for the file, with a 1 MB upload limit so the limit is cheap to cross.
const LIMIT = 1024 * 1024;
let w: World;
beforeAll(async () => {
  w = await startWorld({ maxUploadBytes: LIMIT });
});
afterAll(() => w?.app.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e1f2a4a30000000049454e44ae426082', 'hex');
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const filesDir = () => join(w.app.config.dataDir, 'files');
const blobPath = (sha: string) => join(filesDir(), sha.slice(0, 2), sha);
const fileRow = (id: string) => w.app.kaon.deps.db.prepare('SELECT * FROM files WHERE id = ?').get(id) as Record<string, unknown> | undefined;

interface Uploaded {
  id: string;
  name: string;
  mime: string;
  size: number;
}

async function post(browser: Browser, path: string, body: BodyInit, name: string, mime: string, extra: RequestInit = {}) {
  const res = await browser.fetch(path, { method: 'POST', body, headers: { 'content-type': mime, 'x-file-name': encodeURIComponent(name) }, ...extra });
  return { status: res.status, body: (await res.json()) as Partial<Uploaded> & { error?: string } };
}

/** Uploads as a member of `spaceId` (default: space A); fails the test unless it is 201. */
async function memberUpload(browser: Browser, bytes: Uint8Array | string, name = 'photo.png', mime = 'image/png', spaceId = w.a.id): Promise<Uploaded> {
  const res = await post(browser, `/files?spaceId=${spaceId}`, bytes as BodyInit, name, mime);
  expect(res.status, res.body.error).toBe(201);
  return res.body as Uploaded;
}

async function visitorUpload(visitor: Visitor, bytes: Uint8Array | string, name = 'receipt.pdf', mime = 'application/pdf'): Promise<Uploaded> {
  const res = await post(visitor.browser, `/chat/${visitor.chatKey}/files`, bytes as BodyInit, name, mime);
  expect(res.status, res.body.error).toBe(201);
  return res.body as Uploaded;
}

const download = (browser: Browser, id: string, query = '') => browser.fetch(`/files/${id}${query}`);

describe('member upload (POST /files?spaceId=…)', () => {
  it('answers 201 with the file and stores the bytes under their sha256', async () => {
    const before = rows(w.app, 'files');
    const file = await memberUpload(w.alice.browser, PNG, 'dog.png', 'image/png');
    expect(file).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), name: 'dog.png', mime: 'image/png', size: PNG.length });
    expect(rows(w.app, 'files')).toBe(before + 1);
    expect(fileRow(file.id)).toMatchObject({ space_id: w.a.id, sha256: sha256(PNG), size: PNG.length, uploaded_by_user: w.alice.user.id, uploaded_by_contact: null });
    expect(readFileSync(blobPath(sha256(PNG)))).toEqual(PNG);
  });

  it('stores identical bytes once on disk', async () => {
    const bytes = `same bytes ${newClientId()}`;
    const one = await memberUpload(w.alice.browser, bytes, 'a.txt', 'text/plain');
    const two = await memberUpload(w.bob.browser, bytes, 'b.txt', 'text/plain');
    expect(one.id).not.toBe(two.id);
    expect(fileRow(one.id)?.sha256).toBe(sha256(bytes));
    expect(fileRow(two.id)?.sha256).toBe(sha256(bytes));
    expect(readdirSync(join(filesDir(), sha256(bytes).slice(0, 2)))).toEqual([sha256(bytes)]);
    expect(readdirSync(join(filesDir(), 'tmp'))).toEqual([]);
  });

  it('refuses a file over the limit with 413 naming the limit, and stores nothing', async () => {
    const before = snapshot(w.app);
    const big = Buffer.alloc(LIMIT + 1, 7);
    // Declared too large by Content-Length: refused before reading.
    const declared = await post(w.alice.browser, `/files?spaceId=${w.a.id}`, big, 'big.bin', 'application/octet-stream');
    expect(declared.status).toBe(413);
    expect(declared.body.error).toBe('This file is too large: the limit is 1 MB. Send a smaller file or share a link to it.');

    // Streamed without a length: refused once the bytes cross the limit.
    const chunks = [Buffer.alloc(LIMIT / 2, 1), Buffer.alloc(LIMIT / 2, 2), Buffer.alloc(1024, 3)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const streamed = await post(w.alice.browser, `/files?spaceId=${w.a.id}`, stream, 'big.bin', 'application/octet-stream', { duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(streamed.body.error).toContain('the limit is 1 MB');

    expect(snapshot(w.app)).toEqual(before);
    expect(readdirSync(join(filesDir(), 'tmp'))).toEqual([]);
    expect(existsSync(blobPath(sha256(big)))).toBe(false);
    // Exactly the limit is fine.
    await memberUpload(w.alice.browser, Buffer.alloc(LIMIT, 9), 'exact.bin', 'application/octet-stream');
  });

  it('refuses an empty file, a stranger and the wrong space', async () => {
    const before = snapshot(w.app);
    expect(await post(w.alice.browser, `/files?spaceId=${w.a.id}`, '', 'empty.txt', 'text/plain')).toEqual({ status: 400, body: { error: 'This file is empty.' } });
    expect((await post(w.app.browser(), `/files?spaceId=${w.a.id}`, 'x', 'x.txt', 'text/plain')).status).toBe(401);
    expect((await post(w.xavier.browser, `/files?spaceId=${w.a.id}`, 'x', 'x.txt', 'text/plain')).status).toBe(404);
    expect((await post(w.alice.browser, `/files?spaceId=${w.b.id}`, 'x', 'x.txt', 'text/plain')).status).toBe(404);
    expect((await post(w.alice.browser, '/files', 'x', 'x.txt', 'text/plain')).status).toBe(404);
    expect(snapshot(w.app)).toEqual(before);
  });

  it('works with an API token of the space, and only for that space', async () => {
    const { token } = ok(await w.owner.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'uploader' }));
    const script = w.app.browser({ bearer: token });
    const file = await memberUpload(script, 'from a script', 'script.txt', 'text/plain');
    expect(fileRow(file.id)).toMatchObject({ space_id: w.a.id, uploaded_by_user: w.owner.user.id });
    // Olivia is a member of B, her token is not.
    expect((await post(script, `/files?spaceId=${w.b.id}`, 'x', 'x.txt', 'text/plain')).status).toBe(404);
  });

  it('keeps a safe file name and a well-formed type', async () => {
    const weird = await memberUpload(w.alice.browser, 'x', '../../etc/"passwd"\r\n.txt', 'TEXT/PLAIN; charset=utf-8');
    expect(weird.name).toBe('.._.._etc__passwd___.txt');
    expect(weird.mime).toBe('text/plain');
    const bogus = await post(w.alice.browser, `/files?spaceId=${w.a.id}`, 'x', 'x', 'not a type');
    expect(bogus.body.mime).toBe('application/octet-stream');
    const res = await w.alice.browser.fetch(`/files?spaceId=${w.a.id}`, { method: 'POST', body: 'x', headers: { 'x-file-name': '%E0%A4%A' } });
    expect(((await res.json()) as Uploaded).name).toBe('file');
  });
  it('survives an upload cut off half way: nothing stored, nothing left in tmp', async () => {
    const before = snapshot(w.app);
    const { port } = new URL(w.app.url);
    const session = w.alice.browser.cookies.get('kaon_session');
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), 'localhost', () => {
        socket.write(
          [`POST /files?spaceId=${w.a.id} HTTP/1.1`, 'Host: localhost', `Cookie: kaon_session=${session}`, 'Content-Type: text/plain', 'Content-Length: 5000', '', 'only a few bytes'].join('\r\n'),
        );
        setTimeout(() => socket.destroy(), 100);
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(snapshot(w.app)).toEqual(before);
    expect(readdirSync(join(filesDir(), 'tmp'))).toEqual([]);
    expect(await healthy(w.app)).toMatchObject({ status: 200 });
  });
});

describe('download (GET /files/<id>)', () => {
  it('serves members of the space with the type, inline only for safe images', async () => {
    const png = await memberUpload(w.alice.browser, PNG, 'chart 1.png', 'image/png');
    const res = await download(w.bob.browser, png.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''chart%201.png");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    expect((await download(w.bob.browser, png.id, '?download')).headers.get('content-disposition')).toMatch(/^attachment;/);

    // HTML (and SVG, which runs scripts) is never shown inline on Kaon's origin.
    for (const mime of ['text/html', 'image/svg+xml', 'application/xhtml+xml']) {
      const file = await memberUpload(w.alice.browser, '<script>alert(1)</script>', 'page.html', mime);
      const got = await download(w.owner.browser, file.id);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe(mime);
      expect(got.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('answers HEAD with the headers only', async () => {
    const file = await memberUpload(w.alice.browser, PNG);
    const res = await w.alice.browser.fetch(`/files/${file.id}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(PNG.length));
    expect(await res.text()).toBe('');
  });

  it('is 404 for a member of another space, the anonymous and unknown ids', async () => {
    const file = await memberUpload(w.alice.browser, PNG);
    for (const res of [
      await download(w.xavier.browser, file.id),
      await download(w.app.browser(), file.id),
      await download(w.app.browser({ bearer: 'kaon_madeup' }), file.id),
      await download(w.alice.browser, 'NoSuchFile123'),
      await download(w.alice.browser, '..%2F..%2Fdata.db'),
    ]) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'This file was not found.' });
    }
    // A visitor cookie does not open a file that no conversation of theirs carries.
    const visitor = await arrive(w.app, w.a.chatKey);
    await visitor.say('hi');
    expect((await download(visitor.browser, file.id)).status).toBe(404);
  });
});

describe('files in conversations', () => {
  it('a visitor uploads with their cookie only, sends the file, and only they and the members can fetch it', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const noCookie = await post(w.app.browser(), `/chat/${w.a.chatKey}/files`, 'x', 'x.txt', 'text/plain');
    expect(noCookie).toEqual({ status: 401, body: { error: 'Reload the chat page and try again.' } });
    expect((await post(visitor.browser, `/chat/${'q'.repeat(20)}/files`, 'x', 'x.txt', 'text/plain')).status).toBe(404);

    const file = await visitorUpload(visitor, '%PDF-1.4 receipt', 'receipt.pdf', 'application/pdf');
    expect(fileRow(file.id)).toMatchObject({ space_id: w.a.id, uploaded_by_user: null });
    // Before sending, the uploader may fetch their own file (the page previews it).
    expect((await download(visitor.browser, file.id)).status).toBe(200);

    const sent = await visitor.say('', { fileIds: [file.id] });
    expect(messagesOf(w.app, sent.conversationId).at(-1)).toMatchObject({ id: sent.messageId, body: '' });
    expect(rows(w.app, 'message_files')).toBeGreaterThan(0);
    expect((await visitor.transcript()).messages.at(-1)?.files).toEqual([file]);
    const item = convDoc(w.app, w.a.id, sent.conversationId).items.find((i) => i.id === sent.messageId);
    expect(item).toMatchObject({ kind: 'message', files: [file] });
    expect(w.app.kaon.deps.db.prepare('SELECT last_preview FROM conversations WHERE id = ?').get(sent.conversationId)).toEqual({ last_preview: '📎 Attachment' });

    const got = await download(visitor.browser, file.id);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(await got.text()).toBe('%PDF-1.4 receipt');
    expect((await download(w.bob.browser, file.id)).status).toBe(200);
    const other = await arrive(w.app, w.a.chatKey);
    expect((await download(other.browser, file.id)).status).toBe(404);
    expect((await download(w.xavier.browser, file.id)).status).toBe(404);
  });

  it('an agent’s attachment reaches the visitor of that conversation and no other', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { contactId } = await visitor.say('Can I see the invoice?');
    const invoice = await memberUpload(w.alice.browser, `invoice ${newClientId()}`, 'invoice.pdf', 'application/pdf');
    expect((await download(visitor.browser, invoice.id)).status).toBe(404);

    ok(await w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body: 'Here it is', clientId: newClientId(), fileIds: [invoice.id] }));
    expect((await visitor.transcript()).messages.at(-1)?.files).toEqual([invoice]);
    expect((await download(visitor.browser, invoice.id)).status).toBe(200);
    const other = await arrive(w.app, w.a.chatKey);
    await other.say('me too');
    expect((await download(other.browser, invoice.id)).status).toBe(404);
  });

  it('a file of another space, or of another visitor, cannot be attached: NOT_FOUND and no message', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { contactId } = await visitor.say('hello');
    const foreign = await memberUpload(w.xavier.browser, PNG, 'b.png', 'image/png', w.b.id);
    const othersUpload = await visitorUpload(await arrive(w.app, w.a.chatKey), 'not yours');
    const before = snapshot(w.app);

    const agent = failed(await w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body: 'see attached', clientId: newClientId(), fileIds: [foreign.id] }));
    expect(agent.code).toBe('NOT_FOUND');
    expect(agent.message).toBe('An attached file was not found.');
    // A visitor's upload is theirs to send, not the agents'.
    expect(failed(await w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body: 'x', clientId: newClientId(), fileIds: [othersUpload.id] })).code).toBe(
      'NOT_FOUND',
    );
    for (const fileId of [foreign.id, othersUpload.id, 'NoSuchFile123']) {
      expect(failed(await visitor.send('look', { fileIds: [fileId] })).code).toBe('NOT_FOUND');
    }
    expect(snapshot(w.app)).toEqual(before);
    expect((await download(visitor.browser, othersUpload.id)).status).toBe(404);
  });
});

// The same file id twice in one message is bad input (400), never a server error with SQL in it.
it('the same file twice in one message is refused as bad input, not a server error', async () => {
  const visitor = await arrive(w.app, w.a.chatKey);
  const { contactId } = await visitor.say('hi');
  const mine = await visitorUpload(visitor, 'twice');
  const theirs = await memberUpload(w.alice.browser, 'twice too', 't.txt', 'text/plain');
  const before = snapshot(w.app);
  const results = [
    await visitor.send('double', { fileIds: [mine.id, mine.id] }),
    await w.alice.browser.mutate('conversations.send', { spaceId: w.a.id, contactId, body: 'double', clientId: newClientId(), fileIds: [theirs.id, theirs.id] }),
  ];
  expect(snapshot(w.app)).toEqual(before);
  for (const res of results) {
    expect(res.status).toBeLessThan(500);
    expect(failed(res).message).not.toMatch(/constraint|sqlite/i);
  }
});

it('the server is still healthy after all of the above', async () => {
  expect(await healthy(w.app)).toEqual({ status: 200, body: { ok: true, db: 'ok' } });
});
