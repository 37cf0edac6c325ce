import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { docNames } from '../../shared/sync/docNames';
import { QUEUE, type QueueItem } from '../../shared/sync/shapes';
import { receiveMessage } from '../commands/receiveMessage';
import { channels } from '../db/channels';
import { dbPath, openDb, type Db } from '../db/connection';
import { ydocs } from '../db/ydocs';
import { EventBus, type SpaceEvent } from '../events';
import { tempDir } from '../testing/harness';
import { arrive, convDoc, startWorld, type World } from '../testing/messages';
import { CommitGroup, transact, type TxDeps } from './transaction';

// Group commit: the commands of one event-loop turn run at once, as savepoints of one SQLite
// transaction committed on setImmediate; each request is answered after that commit.

describe('CommitGroup (a real SQLite file, a second connection as the outside observer)', () => {
  let db: Db;
  let outside: Database.Database;
  let events: EventBus;
  let published: Array<[string, SpaceEvent]>;
  let group: CommitGroup;
  let remove: () => void;
  beforeEach(() => {
    const temp = tempDir();
    remove = temp.remove;
    db = openDb(temp.dir);
    db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent(id)); CREATE TABLE note (text TEXT)');
    outside = new Database(dbPath(temp.dir), { readonly: true });
    events = new EventBus();
    published = [];
    events.onAny((spaceId, event) => published.push([spaceId, event]));
    group = new CommitGroup(db, events);
  });
  afterEach(() => {
    outside.close();
    db.close();
    remove();
  });

  const deps = (ticket = group.ticket()): TxDeps & { commit: ReturnType<CommitGroup['ticket']> } => ({ db, events, now: () => 1, commit: ticket });
  const committed = () => (outside.prepare('SELECT text FROM note ORDER BY rowid').all() as Array<{ text: string }>).map((r) => r.text);
  const note = (text: string) => (tx: { db: Db }) => void tx.db.prepare('INSERT INTO note (text) VALUES (?)').run(text);

  it("commits a turn's commands once, then publishes their events (each once), then settles every ticket", async () => {
    const one = deps();
    const two = deps();
    transact(one, (tx) => {
      note('first')(tx);
      tx.emit('s1', { type: 'conversation.changed', conversationId: 'c1', contactId: 'k1' });
    });
    transact(two, (tx) => {
      // The second command sees the first one's write: they run one after the other, not in isolation.
      expect((tx.db.prepare('SELECT count(*) AS n FROM note').get() as { n: number }).n).toBe(1);
      note('second')(tx);
      tx.emit('s1', { type: 'conversation.changed', conversationId: 'c1', contactId: 'k1' });
      tx.emit('s1', { type: 'snippets.changed' });
    });
    expect(db.inTransaction).toBe(true);
    expect(committed()).toEqual([]);
    expect(published).toEqual([]);
    expect(one.commit.pending).toBe(two.commit.pending);

    await Promise.all([one.commit.pending, two.commit.pending]);
    expect(db.inTransaction).toBe(false);
    expect(committed()).toEqual(['first', 'second']);
    expect(published).toEqual([
      ['s1', { type: 'conversation.changed', conversationId: 'c1', contactId: 'k1' }],
      ['s1', { type: 'snippets.changed' }],
    ]);
  });

  it('a command that throws rolls back its own writes only, and its events are never published', async () => {
    const good = deps();
    const bad = deps();
    transact(good, note('kept'));
    expect(() =>
      transact(bad, (tx) => {
        note('undone')(tx);
        tx.emit('s1', { type: 'members.changed' });
        throw new Error('refused');
      }),
    ).toThrow('refused');
    transact(good, note('kept too'));
    await good.commit.pending;
    await bad.commit.pending; // the shared commit succeeded; the refusal was answered already
    expect(committed()).toEqual(['kept', 'kept too']);
    expect(published).toEqual([]);
  });

  it('a commit that fails stores nothing, publishes nothing and rejects every ticket; the next turn works', async () => {
    const innocent = deps();
    const culprit = deps();
    transact(innocent, (tx) => {
      note('lost with the group')(tx);
      tx.emit('s1', { type: 'members.changed' });
    });
    // A deferred foreign key is checked at COMMIT: the whole group fails there.
    transact(culprit, (tx) => {
      tx.db.pragma('defer_foreign_keys = ON');
      tx.db.prepare('INSERT INTO child (p) VALUES (42)').run();
    });
    await expect(innocent.commit.pending).rejects.toThrow(/FOREIGN KEY/);
    await expect(culprit.commit.pending).rejects.toThrow(/FOREIGN KEY/);
    expect(db.inTransaction).toBe(false);
    expect(committed()).toEqual([]);
    expect(published).toEqual([]);

    const next = deps();
    transact(next, note('after'));
    await next.commit.pending;
    expect(committed()).toEqual(['after']);
  });

  it("inside someone else's transaction a ticket does not open a group: that transaction decides", () => {
    db.transaction(() => transact(deps(), note('nested')))();
    expect(db.inTransaction).toBe(false);
    expect(committed()).toEqual(['nested']);
  });

  it('a ticket whose commands span two turns waits for both commits', async () => {
    const ticket = group.ticket();
    transact(deps(ticket), note('turn 1'));
    const first = ticket.pending;
    await first;
    transact(deps(ticket), note('turn 2'));
    expect(ticket.pending).not.toBe(first);
    await ticket.pending;
    expect(committed()).toEqual(['turn 1', 'turn 2']);
  });

  it('a group SQLite rolled back by itself (a full disk, an I/O error) fails its tickets; the next command starts a new one', async () => {
    const lost = deps();
    transact(lost, note('rolled back'));
    db.exec('ROLLBACK'); // what SQLite does on its own after some errors
    const next = deps();
    transact(next, note('in a new group'));
    await expect(lost.commit.pending).rejects.toThrow(/rolled back/);
    await next.commit.pending;
    expect(committed()).toEqual(['in a new group']);
  });

  it('flush() commits an open group at once (shutdown)', () => {
    transact(deps(), note('at shutdown'));
    group.flush();
    expect(committed()).toEqual(['at shutdown']);
  });
});

describe('group commit in a running Kaon', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({ chatMessagesPerMinute: 1e6, chatMessagesPerMinutePerIp: 1e6 });
  });
  afterAll(() => w?.app.close());

  it('every answered message is already committed (seen from a second connection when its answer arrives)', async () => {
    const outside = new Database(dbPath(w.app.kaon.deps.config.dataDir), { readonly: true });
    // Each commit comes 100 ms late, so an answer sent before its commit would be caught.
    const commits = w.app.kaon.deps.commits;
    const flush = commits.flush.bind(commits);
    commits.flush = () => void setTimeout(flush, 100);
    try {
      const visitors = await Promise.all(Array.from({ length: 12 }, () => arrive(w.app, w.a.chatKey)));
      const seen = await Promise.all(
        visitors.map(async (v, i) => {
          const { messageId } = await v.say(`Order ${i} is late`);
          return outside.prepare('SELECT body FROM messages WHERE id = ?').get(messageId) as { body: string } | undefined;
        }),
      );
      expect(seen.map((r) => r?.body)).toEqual(visitors.map((_, i) => `Order ${i} is late`));
    } finally {
      commits.flush = flush;
      outside.close();
    }
  });

  it('a request that writes outside transact (its own db.transaction) while a group is open is answered after that commit', async () => {
    const { deps } = w.app.kaon;
    const outside = new Database(dbPath(deps.config.dataDir), { readonly: true });
    const commits = deps.commits;
    const flush = commits.flush.bind(commits);
    commits.flush = () => void setTimeout(flush, 150);
    try {
      // A group is open (someone's command), and its commit is late.
      const ticket = commits.ticket();
      transact({ ...deps, commit: ticket }, () => undefined);
      expect(commits.pending()).not.toBeNull();
      const before = (outside.prepare('SELECT closing_policy FROM spaces WHERE id = ?').get(w.a.id) as { closing_policy: string }).closing_policy;
      const wanted = before === 'off' ? 'optional' : 'off';
      const answer = await w.owner.browser.mutate('settings.setClosing', { spaceId: w.a.id, policy: wanted, categories: ['Resolved'] });
      expect(answer.ok).toBe(true);
      expect((outside.prepare('SELECT closing_policy FROM spaces WHERE id = ?').get(w.a.id) as { closing_policy: string }).closing_policy).toBe(wanted);
      await ticket.pending;
    } finally {
      commits.flush = flush;
      outside.close();
    }
  });

  it("a turn's messages to several conversations cost one queue-doc update, and every conversation is projected", async () => {
    const { deps, collab } = w.app.kaon;
    const channel = channels.byPublicKey(deps.db, w.a.chatKey)!;
    const queue = docNames.queue(w.a.id);
    // Loaded and settled first, so the rows counted below are this turn's only.
    await arrive(w.app, w.a.chatKey).then((v) => v.say('warm up'));
    const rowsBefore = ydocs.count(deps.db, collab.roomOf(queue));
    const ticket = deps.commits.ticket();
    const results = ['alpha', 'beta', 'gamma', 'delta'].map((who) =>
      receiveMessage({ ...deps, commit: ticket }, { channel, externalId: `ext-${who}`, name: `Customer ${who}`, body: `Hello from ${who}`, fileIds: [], clientId: `c-${who}` }),
    );
    await ticket.pending;
    expect(ydocs.count(deps.db, collab.roomOf(queue))).toBe(rowsBefore + 1);
    const open = collab.read(queue).getMap<QueueItem>(QUEUE.open);
    for (const [i, r] of results.entries()) {
      expect(open.get(r.conversationId)?.preview).toBe(`Hello from ${['alpha', 'beta', 'gamma', 'delta'][i]}`);
      expect(convDoc(w.app, w.a.id, r.conversationId).items.map((item) => (item.kind === 'message' ? item.body : null))).toEqual([`Hello from ${['alpha', 'beta', 'gamma', 'delta'][i]}`]);
    }
  });
});
