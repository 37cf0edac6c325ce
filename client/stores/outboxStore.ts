import { createEffect, createMemo, onCleanup } from 'solid-js';
import { errorCode, errorText, trpc } from '../api/trpc';
import { onReconnect, reportOutboxPending } from '../sync/connectionStatus';
import { createOutbox, type Delivery, type Outbox, type OutboxMessage } from '../sync/outboxQueue';
import { addPending, onSettled } from './pendingReplies';

export type SendResult = Awaited<ReturnType<typeof trpc.conversations.send.mutate>>;

/** Deliveries through a tRPC client: an answer with an error code is a refusal; no answer means unreachable. */
export const deliverThrough = (client: typeof trpc) => async (message: OutboxMessage): Promise<Delivery<SendResult>> => {
  try {
    const input = { spaceId: message.spaceId, contactId: message.contactId, body: message.body, clientId: message.clientId, fileIds: message.files.map((f) => f.id), ...(message.cc ? { cc: message.cc } : {}) };
    // A network that swallows requests must not stall the outbox: give up and retry (same client id, so safe).
    const result = await client.conversations.send.mutate(input, { signal: AbortSignal.timeout(20_000) });
    return { kind: 'sent', result };
  } catch (err) {
    return errorCode(err) ? { kind: 'refused', reason: errorText(err) } : { kind: 'unreachable' };
  }
};

const deliverReply = deliverThrough(trpc);

let current: Outbox<SendResult> | null = null;
const sentListeners = new Set<(message: OutboxMessage, result: SendResult) => void>();

function mirror(messages: OutboxMessage[]) {
  for (const m of messages) addPending({ clientId: m.clientId, contactId: m.contactId, body: m.body, files: m.files, cc: m.cc, at: m.at, status: m.status, error: m.error });
  reportOutboxPending(messages.filter((m) => m.status === 'pending').length);
}

/**
 * Runs the signed-in member's outbox while the app shell is mounted: loads what a previous
 * session (or another tab) left, and flushes on reconnect. Call once, in the shell.
 */
export function createOutboxRunner(userId: () => string | undefined) {
  // A refreshed session is a new object with the same member: keep the same outbox running.
  const member = createMemo(userId);
  createEffect(() => {
    const id = member();
    if (!id) return;
    const outbox = createOutbox<SendResult>(id, {
      deliver: deliverReply,
      onChange: mirror,
      onSent: (m, result) => sentListeners.forEach((fn) => fn(m, result)),
    });
    current = outbox;
    const off = onReconnect(() => void outbox.flush());
    const offSettled = onSettled((clientId) => void outbox.remove(clientId));
    void outbox.list().then(mirror).then(() => outbox.flush());
    onCleanup(() => {
      off();
      offSettled();
      if (current === outbox) current = null;
      reportOutboxPending(0);
      void outbox.stop();
    });
  });
}

export function currentOutbox(): Outbox<SendResult> | null {
  return current;
}

/** Notified when a queued reply reaches the server (e.g. to open the conversation it created). */
export function onReplySent(fn: (message: OutboxMessage, result: SendResult) => void): () => void {
  sentListeners.add(fn);
  return () => sentListeners.delete(fn);
}
