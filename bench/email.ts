/**
 * Benchmark (not a test): e-mail from a real IMAP mailbox (Debian's Dovecot, started here) to
 * visible in an agent's synced queue doc, beside a bare imapflow FETCH loop over the same mails
 * in the same run; and IDLE latency, one mail at a time, APPEND → visible.
 *
 *   npm run bench:email      (MAILS=1000 PROBES=100 to change the load; needs scripts/ensure-dovecot.sh)
 *
 * Backlog: MAILS mails from as many customers land while the channel is disabled; enabling it
 * starts the clock, which stops when the last one's preview reached the agent's real y-websocket
 * client (Kaon fetches, parses, sanitizes, stores with threading and contact matching, projects
 * and syncs each). The baseline logs in and FETCHes the same folder's full sources with imapflow
 * and nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { docNames } from '../shared/sync/docNames';
import { QUEUE, type QueueItem } from '../shared/sync/shapes';
import { mail, startDovecot } from '../server/testing/dovecot';
import { post, setupOwner, syncClient } from './kaonClient';
import { fmt, summarize, whenPreviewShows } from './lib';
import { startKaon } from './processes';

const MAILS = Number(process.env.MAILS ?? 1000);
const PROBES = Number(process.env.PROBES ?? 100);

const dovecot = await startDovecot([{ user: 'support', password: 'bench-password' }]);
const appender = await dovecot.client('support');
const customerMail = (i: number, body: string) =>
  mail({ from: `Customer ${i} <customer${i}@bench.test>`, to: 'support@kaon.test', subject: `Order ${i}`, body: `${body}\n\nOn Mon, 1 Dec 2026, Shop <shop@bench.test> wrote:\n> Your order ${i} has shipped.` });

async function deliverBacklog(prefix: string) {
  for (let i = 0; i < MAILS; i++) await appender.append('INBOX', Buffer.from(customerMail(i, `${prefix} mail ${i}`)));
}

/** Baseline: one imapflow client FETCHing every source in the folder (what any IMAP reader must do). */
async function bareFetch(): Promise<number> {
  const client = await dovecot.client('support');
  const start = performance.now();
  const lock = await client.getMailboxLock('INBOX');
  let n = 0;
  let bytes = 0;
  for await (const msg of client.fetch('1:*', { uid: true, source: true })) {
    n++;
    bytes += msg.source?.length ?? 0;
  }
  lock.release();
  const seconds = (performance.now() - start) / 1000;
  await client.logout();
  if (n < MAILS || bytes === 0) throw new Error(`baseline fetched ${n} mails`);
  return n / seconds;
}

/** Baseline IDLE: a bare imapflow client IDLEing on the folder, APPEND start → its EXISTS. */
async function bareIdle(): Promise<ReturnType<typeof summarize>> {
  const client = await dovecot.client('support');
  await client.mailboxOpen('INBOX');
  const latencies: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const start = performance.now();
    const seen = new Promise<void>((resolve) => client.once('exists', () => resolve()));
    void client.idle().catch(() => {});
    await appender.append('INBOX', Buffer.from(mail({ from: `Bare ${i} <bare${i}@bench.test>`, to: 'support@kaon.test', subject: 'bare', body: `bare probe ${i}` })));
    await seen;
    latencies.push(performance.now() - start);
  }
  await client.logout();
  return summarize(latencies);
}

async function kaonRun() {
  const dir = mkdtempSync(join(tmpdir(), 'kaon-bench-'));
  const kaon = await startKaon(dir, {});
  try {
    const { session, spaceId } = await setupOwner(kaon.url);
    const call = async (path: string, input: unknown) => {
      const res = await post(`${kaon.url}/trpc/${path}`, input, session);
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { result: { data: unknown } }).result.data;
    };
    const channel = (await call('providerChannels.createEmail', {
      spaceId,
      name: 'Support mail',
      mode: 'mailbox',
      address: 'support@kaon.test',
      imapHost: dovecot.host,
      imapPort: dovecot.port,
      imapSecurity: 'none',
      imapUser: 'support',
      imapPassword: 'bench-password',
      imapFolder: 'INBOX',
      smtpHost: '127.0.0.1',
      smtpPort: 9,
      smtpSecurity: 'none',
      smtpUser: '',
    })) as { id: string };
    const agent = await syncClient(kaon.url, docNames.queue(spaceId), session);
    const open = agent.map<QueueItem>(QUEUE.open);

    // IDLE latency: one mail at a time into the watched folder, APPEND start → visible.
    const latencies: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const token = `idle probe ${i}`;
      const start = performance.now();
      const shown = whenPreviewShows(open, token, start, latencies);
      await appender.append('INBOX', Buffer.from(mail({ from: `Probe ${i} <probe${i}@bench.test>`, to: 'support@kaon.test', subject: 'probe', body: token })));
      await shown;
    }

    // Backlog: delivered while the channel is off, read when it is enabled.
    await call('providerChannels.setEnabled', { spaceId, channelId: channel.id, enabled: false });
    await deliverBacklog('backlog');
    const last = `backlog mail ${MAILS - 1}`;
    const start = performance.now();
    const done: number[] = [];
    const visible = whenPreviewShows(open, last, start, done);
    await call('providerChannels.setEnabled', { spaceId, channelId: channel.id, enabled: true });
    await visible;
    const rate = MAILS / (done[0]! / 1000);
    agent.close();
    const stored = (await kaon.call<Array<{ n: number }>>({ op: 'query', sql: "SELECT count(*) AS n FROM email_messages WHERE direction = 'in'" }))[0]!.n;
    if (stored !== MAILS + PROBES) throw new Error(`expected ${MAILS + PROBES} stored mails, found ${stored}`);
    return { rate, idle: summarize(latencies) };
  } finally {
    await kaon.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  const kaon = await kaonRun();
  const bare = await bareFetch();
  const idle = await bareIdle();
  console.log(`\nE-mail from a Dovecot mailbox (${fmt(MAILS)} mails from ${fmt(MAILS)} customers as a backlog; ${PROBES} IDLE probes one at a time; 1 agent sync client):\n`);
  console.log('| measure | Kaon | bare imapflow FETCH loop | Kaon / baseline |');
  console.log('|---|---|---|---|');
  console.log(`| mails per second, mailbox → visible in the agent's synced queue | ${fmt(kaon.rate)} | ${fmt(bare)} (fetched only) | ${fmt(kaon.rate / bare, 2)} |`);
  console.log(`| new mail → visible (IDLE), p50 (ms) | ${fmt(kaon.idle.p50, 1)} | ${fmt(idle.p50, 1)} (EXISTS seen) | ${fmt(kaon.idle.p50 / idle.p50, 2)} |`);
  console.log(`| new mail → visible (IDLE), p99 (ms) | ${fmt(kaon.idle.p99, 1)} | ${fmt(idle.p99, 1)} | ${fmt(kaon.idle.p99 / idle.p99, 2)} |`);
  console.log(`\n(node ${process.version}, ${cpus().length} cores; Dovecot on 127.0.0.1, which announces a new mail to IDLE clients about half a second after it lands)`);
} finally {
  await appender.logout().catch(() => {});
  await dovecot.close();
}
process.exit(0);
