/**
 * Reads one e-mail channel's IMAP folder: on connect, everything after the last UID stored
 * (after an outage of any length; a new UIDVALIDITY starts over, Message-IDs keep one copy per
 * mail); then IDLE, so a new mail is fetched as the server announces it. Reconnects with
 * backoff; the channel's health says in words what is wrong meanwhile.
 */
import type { ImapFlow } from 'imapflow';
import type { BlobStore } from '../../attachments/BlobStore';
import { mailboxes } from '../../db/email';
import { providerChannels, type ProviderChannelRow } from '../../db/providerChannels';
import type { Deps } from '../../deps';
import { backoffMs } from '../outboxWorker';
import { ingestEmail } from './ingest';
import { imapClient, readEmailChannel } from './settings';
import { imapWords } from './words';

export interface WatcherOptions {
  /** Largest mail fetched; a larger one stays in the mailbox and the health says so. */
  maxMailBytes: number;
  timeoutMs: number;
  /** Reconnect backoff (ms). */
  retryBaseMs: number;
  retryMaxMs: number;
  log: (line: string) => void;
}

export interface MailboxWatcher {
  stop(): Promise<void>;
  /** Resolves once the first catch-up after a (re)connect is done (tests, benchmarks). */
  readonly ready: Promise<void>;
}

/** Mails and bytes fetched per FETCH while catching up. */
const CHUNK_MAILS = 100;
const CHUNK_BYTES = 32 * 1024 * 1024;
const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export function watchMailbox(deps: Deps, store: BlobStore, channelId: string, options: WatcherOptions): MailboxWatcher {
  let stopped = false;
  let client: ImapFlow | null = null;
  let wake: (() => void) | null = null;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | null = null;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));

  const channelNow = (): ProviderChannelRow | undefined => (deps.db.open ? providerChannels.byId(deps.db, channelId) : undefined);
  const health = (error: string | null) => {
    if (!deps.db.open) return;
    if (error === null) mailboxes.connected(deps.db, channelId, deps.now());
    else mailboxes.error(deps.db, channelId, error, deps.now());
    const ch = channelNow();
    if (ch) deps.events.publish(ch.space_id, { type: 'channels.changed' });
  };

  async function catchUp(c: ImapFlow, channel: ProviderChannelRow): Promise<void> {
    for (;;) {
      if (stopped) return;
      const last = mailboxes.get(deps.db, channelId)?.last_uid ?? 0;
      const found: Array<{ uid: number; size: number }> = [];
      for await (const msg of c.fetch({ uid: `${last + 1}:*` }, { uid: true, size: true }, { uid: true })) {
        if (msg.uid > last) found.push({ uid: msg.uid, size: msg.size ?? 0 });
      }
      if (!found.length) return;
      found.sort((a, b) => a.uid - b.uid);
      // Sources come in chunks (one FETCH each, bounded in count and bytes), then are stored one by one.
      let i = 0;
      while (i < found.length) {
        if (stopped) return;
        const chunk: number[] = [];
        let bytes = 0;
        for (; i < found.length && chunk.length < CHUNK_MAILS; i++) {
          const { uid, size } = found[i]!;
          if (size > options.maxMailBytes) {
            if (chunk.length) break;
            health(`A mail of ${mb(size)} (UID ${uid}) is larger than Kaon's ${mb(options.maxMailBytes)} limit, so it was not imported; it stays in the mailbox.`);
            mailboxes.advance(deps.db, channelId, uid);
            continue;
          }
          if (chunk.length && bytes + size > CHUNK_BYTES) break;
          chunk.push(uid);
          bytes += size;
        }
        if (!chunk.length) continue;
        const sources = new Map<number, Buffer>();
        for await (const msg of c.fetch(chunk.join(','), { uid: true, source: true }, { uid: true })) if (msg.source) sources.set(msg.uid, msg.source);
        for (const uid of chunk) {
          if (stopped || !deps.db.open) return;
          const source = sources.get(uid);
          if (source) {
            try {
              const result = await ingestEmail(deps, store, channel, source);
              if (result.outcome === 'ignored') options.log(`[email] ${channelId} UID ${uid}: ignored ${result.why}`);
            } catch (err) {
              if (!deps.db.open || stopped) return;
              // One mail Kaon cannot store must not hold back the ones after it.
              options.log(`[email] ${channelId} UID ${uid}: ${String(err)}`);
              health(`Kaon could not import the mail with UID ${uid}: ${String((err as Error)?.message ?? err).slice(0, 200)}. It stays in the mailbox.`);
            }
          }
          mailboxes.advance(deps.db, channelId, uid);
        }
      }
    }
  }

  async function session(channel: ProviderChannelRow): Promise<void> {
    const settings = readEmailChannel(channel);
    if (!settings?.config.imap) throw Object.assign(new Error('no IMAP settings'), { words: 'This channel has no IMAP settings.' });
    const { imap } = settings.config;
    const c = imapClient(settings.config, settings.secrets, options.timeoutMs);
    client = c;
    c.on('error', (err) => options.log(`[email] ${channelId}: ${String(err)}`));
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    try {
      try {
        await c.connect();
        await c.mailboxOpen(imap.folder);
      } catch (err) {
        throw Object.assign(err instanceof Error ? err : new Error(String(err)), { words: imapWords(err, imap.host, imap.port, imap.user, imap.folder, options.timeoutMs) });
      }
      const validity = String(c.mailbox && typeof c.mailbox === 'object' ? c.mailbox.uidValidity : '');
      const state = mailboxes.get(deps.db, channelId);
      if (!state || state.uid_validity !== validity) mailboxes.reset(deps.db, channelId, validity);
      health(null);
      let pending = true;
      c.on('exists', () => {
        pending = true;
        wake?.();
      });
      while (!stopped && c.usable) {
        if (pending) {
          pending = false;
          await catchUp(c, channel);
          markReady();
          continue;
        }
        const woken = new Promise<void>((resolve) => (wake = resolve));
        const idling = c.idle().catch(() => {});
        await Promise.race([woken, closed, idling]);
        wake = null;
        // A command (the fetch) ends IDLE; a server-ended IDLE simply starts again.
      }
    } finally {
      client = null;
      c.close();
    }
  }

  async function run(): Promise<void> {
    let attempts = 0;
    while (!stopped) {
      const channel = channelNow();
      if (!channel || channel.enabled !== 1) return;
      try {
        await session(channel);
        attempts = 0;
        if (!stopped) health('The mail server closed the connection; Kaon reconnects.');
      } catch (err) {
        if (stopped || !deps.db.open) return;
        const imap = readEmailChannel(channel)?.config.imap;
        const words = (err as { words?: string }).words ?? (imap ? imapWords(err, imap.host, imap.port, imap.user, imap.folder, options.timeoutMs) : String(err));
        health(words);
        options.log(`[email] ${channelId}: ${words}`);
      }
      if (stopped) return;
      attempts += 1;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoffMs(attempts, options.retryBaseMs, options.retryMaxMs));
        sleeping = { timer, resolve };
      });
      sleeping = null;
    }
  }

  const running = run().catch((err) => options.log(`[email] ${channelId} stopped: ${String(err)}`));
  return {
    ready,
    async stop() {
      stopped = true;
      wake?.();
      if (sleeping) {
        clearTimeout(sleeping.timer);
        sleeping.resolve();
      }
      client?.close();
      await running;
    },
  };
}
