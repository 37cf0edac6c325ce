/**
 * E-mail channels' runtime for one Kaon instance: one IMAP watcher per enabled mailbox channel,
 * kept in step with Settings (a channel added, edited, disabled or deleted restarts or stops its
 * watcher), and Kaon's own SMTP receiver for forwarding addresses when SMTP_PORT is set.
 */
import { createHash } from 'node:crypto';
import type { BlobStore } from '../../attachments/BlobStore';
import { providerChannels } from '../../db/providerChannels';
import type { Deps } from '../../deps';
import { watchMailbox, type MailboxWatcher } from './imapWatcher';
import { startSmtpReceiver, type SmtpReceiver } from './smtpReceiver';

export interface EmailRuntime {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The running watcher of a channel (tests wait for its first catch-up). */
  watcher(channelId: string): MailboxWatcher | undefined;
  /** The forwarding receiver's port, when it runs. */
  smtpPort(): number | null;
}

export function createEmailRuntime(deps: Deps, store: BlobStore, log: (line: string) => void = (l) => console.log(l)): EmailRuntime {
  const watchers = new Map<string, { version: string; watcher: MailboxWatcher }>();
  let receiver: SmtpReceiver | null = null;
  let unsubscribe: (() => void) | null = null;
  let running = false;
  let syncing: Promise<void> = Promise.resolve();

  const versionOf = (c: { config: string; secrets: string; enabled: number }) => createHash('sha256').update(`${c.enabled}|${c.config}|${c.secrets}`).digest('hex');

  async function sync(): Promise<void> {
    if (!running || !deps.db.open) return;
    const wanted = new Map(
      providerChannels
        .listAllSpaces(deps.db, ['email'])
        .filter((c) => c.enabled === 1 && (JSON.parse(c.config) as { mode?: string }).mode === 'mailbox')
        .map((c) => [c.id, versionOf(c)]),
    );
    const stops: Promise<void>[] = [];
    for (const [id, w] of watchers) {
      if (wanted.get(id) !== w.version) {
        watchers.delete(id);
        stops.push(w.watcher.stop());
      }
    }
    await Promise.all(stops);
    for (const [id, version] of wanted) {
      if (!watchers.has(id) && running) {
        const watcher = watchMailbox(deps, store, id, {
          maxMailBytes: deps.config.maxEmailBytes,
          timeoutMs: deps.config.providerTimeoutMs,
          retryBaseMs: deps.config.emailRetryBaseMs,
          retryMaxMs: deps.config.emailRetryMaxMs,
          log,
        });
        watchers.set(id, { version, watcher });
      }
    }
  }

  const resync = () => {
    syncing = syncing.then(sync).catch((err) => log(`[email] ${String(err)}`));
    return syncing;
  };

  return {
    async start() {
      if (running) return;
      running = true;
      unsubscribe = deps.events.onAny((_space, event) => {
        if (event.type === 'channels.changed') void resync();
      });
      if (deps.config.smtpPort !== null) receiver = await startSmtpReceiver(deps, store, { port: deps.config.smtpPort, host: deps.config.smtpHost, log });
      await resync();
    },
    async stop() {
      running = false;
      unsubscribe?.();
      await syncing;
      await Promise.all([...watchers.values()].map((w) => w.watcher.stop()));
      watchers.clear();
      await receiver?.close();
      receiver = null;
    },
    watcher: (id) => watchers.get(id)?.watcher,
    smtpPort: () => receiver?.port ?? null,
  };
}
