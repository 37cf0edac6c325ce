import { createEffect, createMemo, For, on, Show } from 'solid-js';
import type { ThreadItem } from '../../../shared/sync/shapes';
import { clockTime, dayLabel, fileSize } from '../../components/format';
import { pendingMessages, settle, type PendingMessage } from '../../stores/pendingReplies';

const STATUS: Record<string, { icon: string; label: string }> = {
  pending: { icon: '🕓', label: 'Sending' },
  sent: { icon: '✓', label: 'Sent' },
  delivered: { icon: '✓✓', label: 'Delivered' },
  read: { icon: '✓✓', label: 'Read' },
  failed: { icon: '!', label: 'Not sent' },
};

type Entry = ThreadItem | ({ kind: 'pending' } & PendingMessage & { id: string });

/** The thread: bubbles, activity lines, day separators, and this tab's pending replies at the end. */
export function Thread(props: { items: ThreadItem[]; contactId: string | undefined; onRetry: (clientId: string) => void; onRetrySent?: (messageId: string) => void; unseen: number }) {
  let end: HTMLDivElement | undefined;
  // A pending reply disappears once the server's copy (same client id) is in the thread.
  createEffect(() => {
    const known = new Set(props.items.map((i) => (i.kind === 'message' ? i.clientId : null)));
    for (const id of Object.keys(pendingMessages)) if (known.has(id)) settle(id);
  });
  const entries = createMemo<Entry[]>(() => {
    const mine = Object.values(pendingMessages)
      .filter((p) => p.contactId === props.contactId)
      .map((p) => ({ ...p, kind: 'pending' as const, id: `pending-${p.clientId}` }));
    return [...props.items, ...mine];
  });
  // The first of the messages the agent had not seen when opening the conversation gets a marker.
  const firstUnseen = createMemo(() => {
    if (props.unseen <= 0) return null;
    const inbound = props.items.filter((i) => i.kind === 'message' && i.direction === 'in');
    return inbound[Math.max(0, inbound.length - props.unseen)]?.id ?? null;
  });
  // Keep the newest message in view as the thread grows.
  createEffect(on(() => entries().length, () => end?.scrollIntoView({ block: 'end' })));
  return (
    <ol class="thread" aria-label="Messages in this conversation">
      <For each={entries()}>
        {(item, i) => (
          <>
            <Show when={i() === 0 || dayLabel(entries()[i() - 1]!.at) !== dayLabel(item.at)}>
              <li class="day" role="separator" aria-label={dayLabel(item.at)}>
                <span>{dayLabel(item.at)}</span>
              </li>
            </Show>
            <Show when={item.id === firstUnseen()}>
              <li class="unseen" role="separator" aria-label="New messages">
                <span>New messages</span>
              </li>
            </Show>
            {item.kind === 'activity' ? (
              <li class="activity">{item.text}</li>
            ) : item.kind === 'pending' ? (
              <li class="bubble out" classList={{ failed: item.status === 'failed' }} aria-label={`Your message, ${item.status === 'failed' ? 'not sent' : 'pending'}`}>
                <Show when={item.body}>
                  <p>{item.body}</p>
                </Show>
                <For each={item.files}>{(f) => <span class="file-card">📎 {f.name}</span>}</For>
                <footer>
                  <Show when={item.status === 'failed'} fallback={<span class="status" title="Waiting to be sent: it goes out as soon as Kaon is reachable">{STATUS.pending!.icon} Pending</span>}>
                    <span class="status failed" role="alert">
                      ! {item.error}
                    </span>
                    <button type="button" class="link" onClick={() => props.onRetry(item.clientId)}>
                      Retry
                    </button>
                  </Show>
                </footer>
              </li>
            ) : (
              <li class={`bubble ${item.direction}`} classList={{ failed: item.status === 'failed' }}>
                <Show when={item.direction === 'out' && item.authorName}>
                  <span class="author">{item.authorName}</span>
                </Show>
                <Show when={item.body}>
                  <p>{item.body}</p>
                </Show>
                <For each={item.files}>
                  {(f) =>
                    f.mime.startsWith('image/') ? (
                      <a href={`/files/${f.id}`} target="_blank" rel="noopener">
                        <img class="attachment-image" src={`/files/${f.id}`} alt={f.name} loading="lazy" />
                      </a>
                    ) : (
                      <a class="file-card" href={`/files/${f.id}?download=1`} download={f.name}>
                        📄 {f.name} <span class="muted">{fileSize(f.size)}</span>
                      </a>
                    )
                  }
                </For>
                <footer>
                  <time datetime={new Date(item.at).toISOString()}>{clockTime(item.at)}</time>
                  <Show when={item.direction === 'out' && item.status !== 'failed'}>
                    <span class={`status ${item.status}`} title={item.error ?? STATUS[item.status]?.label} aria-label={STATUS[item.status]?.label ?? item.status}>
                      {STATUS[item.status]?.icon ?? ''}
                    </span>
                  </Show>
                  {/* A reply the provider refused: its reason on hover and for screen readers, and Retry. */}
                  <Show when={item.direction === 'out' && item.status === 'failed'}>
                    <span class="status failed" role="img" title={`Not sent: ${item.error ?? 'the provider refused it'}`} aria-label={`Not sent: ${item.error ?? 'the provider refused it'}`}>
                      !
                    </span>
                    <Show when={props.onRetrySent}>
                      <button type="button" class="link" onClick={() => props.onRetrySent?.(item.id)}>
                        Retry
                      </button>
                    </Show>
                  </Show>
                </footer>
              </li>
            )}
          </>
        )}
      </For>
      <div ref={end} />
    </ol>
  );
}
