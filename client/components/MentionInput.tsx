import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { matchMembers, mentionQuery, type MentionMember } from './mentionText';

/**
 * A textarea with `@` autocomplete of space members (a combobox with a listbox): arrows move,
 * Enter or Tab picks, Esc closes the list. Picking inserts `@Name ` into the text; the caller
 * turns names into `<@userId>` tokens on submit (mentionText.toTokens) with `picked()`.
 * Enter submits when the list is closed (Shift+Enter is a new line); Esc with the list closed cancels.
 */
export function MentionInput(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  onSubmit: () => void;
  onCancel?: () => void;
  onPick?: (member: MentionMember) => void;
  /** Who the autocomplete offers (the space's members except you). */
  members: MentionMember[];
  placeholder?: string;
  ref?: (el: HTMLTextAreaElement) => void;
}) {
  const listId = createUniqueId();
  const [query, setQuery] = createSignal<{ start: number; query: string } | null>(null);
  const [active, setActive] = createSignal(0);
  let area: HTMLTextAreaElement | undefined;

  const options = () => {
    const q = query();
    return q ? matchMembers(props.members, q.query) : [];
  };
  const isOpen = () => options().length > 0;
  const refresh = () => {
    if (!area) return;
    setQuery(mentionQuery(area.value, area.selectionStart ?? area.value.length));
    setActive(0);
  };
  const pick = (member: MentionMember) => {
    const q = query();
    if (!q || !area) return;
    const caret = area.selectionStart ?? area.value.length;
    const text = `${area.value.slice(0, q.start)}@${member.name} ${area.value.slice(caret)}`;
    const at = q.start + member.name.length + 2;
    props.onInput(text);
    area.value = text;
    area.setSelectionRange(at, at);
    props.onPick?.(member);
    setQuery(null);
  };
  const handleKeyDown = (e: KeyboardEvent) => {
    if (isOpen()) {
      const n = options().length;
      if (e.key === 'ArrowDown') setActive((i) => (i + 1) % n);
      else if (e.key === 'ArrowUp') setActive((i) => (i - 1 + n) % n);
      else if (e.key === 'Enter' || e.key === 'Tab') pick(options()[active()]!);
      else if (e.key === 'Escape') setQuery(null);
      else return;
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      props.onSubmit();
    } else if (e.key === 'Escape' && props.onCancel) {
      e.preventDefault();
      e.stopPropagation();
      props.onCancel();
    }
  };

  return (
    <div class="mention-input">
      <textarea
        ref={(el) => {
          area = el;
          props.ref?.(el);
        }}
        aria-label={props.label}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={isOpen()}
        aria-controls={listId}
        aria-activedescendant={isOpen() ? `${listId}-${active()}` : undefined}
        placeholder={props.placeholder}
        rows={2}
        value={props.value}
        onInput={(e) => {
          props.onInput(e.currentTarget.value);
          refresh();
        }}
        onClick={refresh}
        onKeyDown={handleKeyDown}
        onBlur={() => setQuery(null)}
      />
      <Show when={isOpen()}>
        <ul class="popover mention-popover" role="listbox" id={listId} aria-label="Members">
          <For each={options()}>
            {(m, i) => (
              <li
                id={`${listId}-${i()}`}
                role="option"
                aria-selected={i() === active()}
                classList={{ active: i() === active() }}
                // mousedown, not click: the textarea must keep focus (blur would close the list).
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(m);
                }}
              >
                {m.name}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
