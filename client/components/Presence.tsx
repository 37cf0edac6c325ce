import { For, Show } from 'solid-js';
import type { PresencePeer } from '../stores/contactDocStore';

/** "Ana is viewing" / "Ana is typing…" (a comment) / "Ana is writing a reply…": the other members on this contact (never yourself). */
export function Presence(props: { others: PresencePeer[] }) {
  return (
    <div class="presence" role="status" aria-live="polite">
      <Show when={props.others.length > 0}>
        <For each={props.others}>
          {(p) => (
            <span class="presence-peer" classList={{ typing: p.typing || p.replying }}>
              {/* Joins and leaves are announced; typing flips every few seconds and is not. */}
              {p.name} is <span aria-live="off">{p.replying ? 'writing a reply…' : p.typing ? 'typing…' : 'viewing'}</span>
            </span>
          )}
        </For>
      </Show>
    </div>
  );
}
