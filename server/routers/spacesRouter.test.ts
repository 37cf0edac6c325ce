import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMember, failed, ok, setupOwner, startApp, type Browser, type Person, type TestApp } from '../testing/harness';

let app: TestApp;
let owner: Browser;
let spaceId: string;
let agent: Person;
beforeEach(async () => {
  app = await startApp();
  const setup = await setupOwner(app);
  owner = setup.browser;
  spaceId = setup.space.id;
  agent = await addMember(app, owner, spaceId, 'agent', { name: 'Ada Agent', email: 'ada@example.com' });
});
afterEach(() => app.close());

/** An SSE stream of `spaces.events` read as text; `waitFor` resolves once the text matches. */
async function openEvents(browser: Browser, id: string) {
  const abort = new AbortController();
  const res = await browser.fetch(`/trpc/spaces.events?input=${encodeURIComponent(JSON.stringify({ spaceId: id }))}`, {
    headers: { accept: 'text/event-stream' },
    signal: abort.signal,
  });
  let text = '';
  let ended = false;
  const reading = (async () => {
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    } catch {
      // aborted by close()
    }
    ended = true;
  })();
  const waitFor = async (pattern: RegExp, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(text)) {
      if (Date.now() > deadline || ended) throw new Error(`no ${pattern} in the event stream within ${timeoutMs} ms; got:\n${text}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return text;
  };
  return {
    res,
    waitFor,
    text: () => text,
    ended: () => ended,
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}

/** The data events of an SSE text (tRPC's `connected`, `ping` etc. carry an `event:` name and are skipped). */
function parseEvents(text: string): Array<{ id?: string; data: unknown }> {
  const out: Array<{ id?: string; data: unknown }> = [];
  for (const block of text.split('\n\n')) {
    const fields = new Map(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
    if (fields.has('event') || !fields.has('data')) continue;
    out.push({ ...(fields.has('id') ? { id: fields.get('id') } : {}), data: JSON.parse(fields.get('data')!) });
  }
  return out;
}

describe('spaces', () => {
  it('get answers the space with the caller’s role', async () => {
    expect(ok(await owner.query('spaces.get', { spaceId }))).toMatchObject({ id: spaceId, name: 'Acme Support', role: 'owner' });
    expect(ok(await agent.browser.query('spaces.get', { spaceId })).role).toBe('agent');
  });

  it('owners rename, agents cannot, bad names are refused', async () => {
    expect(ok(await owner.mutate('spaces.rename', { spaceId, name: '  Acme Help  ' }))).toEqual({ id: spaceId, name: 'Acme Help' });
    const byAgent = failed(await agent.browser.mutate('spaces.rename', { spaceId, name: 'Agent Land' }));
    expect(byAgent.code).toBe('FORBIDDEN');
    const empty = failed(await owner.mutate('spaces.rename', { spaceId, name: '' }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(empty.message).toBe('name: Enter a space name');
    expect(ok(await owner.query('spaces.get', { spaceId })).name).toBe('Acme Help');
  });

  it('create makes the caller owner of a new space; a signed-out caller cannot', async () => {
    const before = app.counts();
    const created = ok(await agent.browser.mutate('spaces.create', { name: 'Side Project' }));
    expect(ok(await agent.browser.query('spaces.get', { spaceId: created.id })).role).toBe('owner');
    expect(app.counts()).toMatchObject({ spaces: before.spaces + 1, memberships: before.memberships + 1 });

    expect(failed(await app.browser().mutate('spaces.create', { name: 'Nobody’s' })).code).toBe('UNAUTHORIZED');
    expect(app.count('spaces')).toBe(before.spaces + 1);
  });
});

describe('spaces.events (SSE)', () => {
  it('streams members.changed when a role changes', async () => {
    const stream = await openEvents(owner, spaceId);
    try {
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get('content-type')).toMatch(/text\/event-stream/);
      await stream.waitFor(/event: connected/);
      ok(await owner.mutate('members.setRole', { spaceId, userId: agent.user.id, role: 'manager' }));
      const text = await stream.waitFor(/members\.changed/);
      expect(parseEvents(text)).toContainEqual({ id: '1', data: { type: 'members.changed' } });
    } finally {
      await stream.close();
    }
  });

  it('streams invites.changed and apiTokens.changed too, and nothing from other spaces', async () => {
    const other = ok(await owner.mutate('spaces.create', { name: 'Elsewhere' })).id;
    const stream = await openEvents(agent.browser, spaceId);
    try {
      await stream.waitFor(/event: connected/);
      ok(await owner.mutate('spaces.rename', { spaceId: other, name: 'Elsewhere 2' }));
      ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
      ok(await owner.mutate('apiTokens.create', { spaceId, name: 'ci' }));
      const text = await stream.waitFor(/apiTokens\.changed/);
      expect(text).toContain('invites.changed');
      expect(text).not.toContain('space.changed');
    } finally {
      await stream.close();
    }
  });

  it('refuses a non-member and a signed-out caller', async () => {
    const other = ok(await owner.mutate('spaces.create', { name: 'Owners only' })).id;
    for (const [browser, code] of [
      [agent.browser, 'NOT_FOUND'],
      [app.browser(), 'UNAUTHORIZED'],
    ] as const) {
      const stream = await openEvents(browser, other);
      try {
        // tRPC answers a subscription with a stream, and a refusal as its one error event.
        const text = await stream.waitFor(/event: serialized-error/);
        expect(text).toContain(`"code":"${code}"`);
        expect(stream.text()).not.toMatch(/^id: /m);
      } finally {
        await stream.close();
      }
    }
  });

  it('a member removed while subscribed hears that members changed, then the stream ends', async () => {
    const stream = await openEvents(agent.browser, spaceId);
    try {
      await stream.waitFor(/event: connected/);
      ok(await owner.mutate('members.remove', { spaceId, userId: agent.user.id }));
      const text = await stream.waitFor(/event: return/);
      expect(parseEvents(text)).toEqual([{ id: '1', data: { type: 'members.changed' } }]);
      ok(await owner.mutate('invites.create', { spaceId, role: 'agent' }));
      await new Promise((r) => setTimeout(r, 100));
      expect(stream.text()).not.toContain('invites.changed');
      // Reconnecting is refused: they are no longer a member.
      const again = await openEvents(agent.browser, spaceId);
      try {
        expect(await again.waitFor(/event: serialized-error/)).toContain('"code":"NOT_FOUND"');
      } finally {
        await again.close();
      }
    } finally {
      await stream.close();
    }
  });
});
