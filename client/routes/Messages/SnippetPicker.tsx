import { For, Show } from 'solid-js';
import type { FileRef } from '../../../shared/sync/shapes';

export interface PickerSnippet {
  id: string;
  name: string;
  shortcut: string;
  body: string;
  files: FileRef[];
}

/** The `/` list under the composer: filtered as the agent types; arrows, Enter and Esc work from the Message box. */
export function SnippetPicker(props: { items: PickerSnippet[]; active: number; onPick: (s: PickerSnippet) => void }) {
  return (
    <div class="popover snippet-popover">
      <ul role="listbox" id="snippet-listbox" aria-label="Snippets">
        <For each={props.items} fallback={<li class="muted pad">No snippet matches. Owners and managers add them in Snippets.</li>}>
          {(s, i) => (
            <li
              role="option"
              id={`snippet-option-${i()}`}
              aria-selected={i() === props.active}
              classList={{ active: i() === props.active }}
              onMouseDown={(e) => {
                e.preventDefault(); // keep focus in the Message box
                props.onPick(s);
              }}
            >
              <strong>/{s.shortcut}</strong> {s.name}
              <Show when={s.body}>
                <span class="preview">{s.body}</span>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
