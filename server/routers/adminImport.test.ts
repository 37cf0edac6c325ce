import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, ok, type Person } from '../testing/harness';
import { startWorld, type World } from '../testing/messages';

/**
 * scripts/admin-import.mjs (it lives outside server/, where the server test project does not look)
 * run as a user would: a child process against a real Kaon, with an API token, on the documented
 * example file. Space A's agents are alice@ and bob@example.com, the members the example names.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

let w: World;
let mona: Person;
beforeAll(async () => {
  w = await startWorld();
  mona = await addMember(w.app, w.owner.browser, w.a.id, 'manager', { name: 'Mona Manager', email: 'mona@example.com' });
});
afterAll(() => w.app.close());

/** Runs the script asynchronously (the server answering it lives in this process). */
function runImport(env: { KAON_TOKEN: string; KAON_SPACE: string }, file = 'docs/admin-example.json') {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['scripts/admin-import.mjs', file], { cwd: root, env: { PATH: process.env.PATH, KAON_URL: w.app.url, ...env }, timeout: 15_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const count = (table: 'snippets' | 'workflows') => (w.app.kaon.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('scripts/admin-import.mjs', () => {
  it('creates the example’s snippets and round-robin workflow with a manager’s API token', async () => {
    const { token } = ok(await mona.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'import' }));
    const run = await runImport({ KAON_TOKEN: token, KAON_SPACE: w.a.id });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['snippet /hi created', 'snippet /bye created', 'workflow “Round robin among the support team” created']);

    const snippets = ok(await w.alice.browser.query('snippets.list', { spaceId: w.a.id }));
    expect(snippets.map((s) => s.shortcut).sort()).toEqual(['bye', 'hi']);
    expect(snippets.find((s) => s.shortcut === 'hi')?.body).toBe('Hi {{contact.firstName}}, this is {{agent.firstName}} from {{space.name}}. How can I help?');

    const workflows = ok(await w.owner.browser.query('workflows.list', { spaceId: w.a.id }));
    expect(workflows).toEqual([
      expect.objectContaining({
        name: 'Round robin among the support team',
        enabled: true,
        trigger: 'conversation.opened',
        conditions: [],
        actions: [{ kind: 'roundRobin', pool: { userIds: [w.alice.user.id, w.bob.user.id], onlineOnly: true, capacity: 20 } }],
      }),
    ]);
  });

  it('a bad token: a non-zero exit with the server’s message, nothing created', async () => {
    const before = [count('snippets'), count('workflows')];
    const run = await runImport({ KAON_TOKEN: 'kaon_this-token-does-not-exist', KAON_SPACE: w.a.id });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('members.list: This API token is not valid or has been revoked.');
    expect([count('snippets'), count('workflows')]).toEqual(before);
  });

  it('a revoked token is refused the same way', async () => {
    const created = ok(await mona.browser.mutate('apiTokens.create', { spaceId: w.a.id, name: 'short-lived' }));
    const listed = ok(await mona.browser.query('apiTokens.list', { spaceId: w.a.id })).find((t) => t.name === 'short-lived')!;
    ok(await mona.browser.mutate('apiTokens.revoke', { spaceId: w.a.id, tokenId: listed.id }));
    const run = await runImport({ KAON_TOKEN: created.token, KAON_SPACE: w.a.id });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('This API token is not valid or has been revoked.');
  });

  it('a member the file names who is not in the space stops the import before anything is created', async () => {
    const { token } = ok(await w.xavier.browser.mutate('apiTokens.create', { spaceId: w.b.id, name: 'import' }));
    const before = [count('snippets'), count('workflows')];
    const run = await runImport({ KAON_TOKEN: token, KAON_SPACE: w.b.id });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('No member with e-mail alice@example.com');
    expect([count('snippets'), count('workflows')]).toEqual(before);
  });
});
