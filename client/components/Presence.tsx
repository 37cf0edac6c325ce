import { For, Show } from 'solid-js';
import type { PresencePeer } from '../stores/contactDocStore';

/** "Ana is viewing" / "Ana is typing…" (a comment) / "Ana is writing a reply…": the other members on this contact (never yourself). */
export function Presence(props: { others: PresencePeer[] }) {
  return (
    // A live region from the start (so the first join is announced), but a "status" only while
    // someone is here: an empty status is neither announced nor something to land on.
    <div class="presence" role={props.others.length > 0 ? 'status' : undefined} aria-live="polite">
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
