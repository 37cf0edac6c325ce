import { createSignal, For, onCleanup, Show } from 'solid-js';

interface Member {
  userId: string;
  name: string;
  role: string;
}

/** The Assign control: a searchable member list, "Assign to me" and "Unassign". Esc closes it. */
export function AssignMenu(props: {
  members: Member[];
  meId: string;
  assigneeId: string | null;
  onAssign: (userId: string) => void;
  onUnassign: () => void;
  ref?: (el: HTMLButtonElement) => void;
}) {
  const [open, setOpen] = createSignal(false);
  const [query, setQuery] = createSignal('');
  let button: HTMLButtonElement | undefined;
  let search: HTMLInputElement | undefined;

  const close = () => {
    setOpen(false);
    setQuery('');
    button?.focus();
  };
  const toggle = () => {
    if (open()) return close();
    setOpen(true);
    queueMicrotask(() => search?.focus());
  };
  const pick = (fn: () => void) => {
    fn();
    close();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open()) close();
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => document.removeEventListener('keydown', onKey));

  const filtered = () => props.members.filter((m) => m.name.toLowerCase().includes(query().trim().toLowerCase()));

  return (
    <span class="assign">
      <button
        type="button"
        ref={(el) => {
          button = el;
          props.ref?.(el);
        }}
        aria-haspopup="dialog"
        aria-expanded={open()}
        onClick={toggle}
      >
        Assign
      </button>
      <Show when={open()}>
        <div class="popover assign-popover" role="dialog" aria-label="Assign conversation">
          <input ref={search} type="search" aria-label="Search members" placeholder="Search members" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
          <div class="menu-actions">
            <Show when={props.assigneeId !== props.meId}>
              <button type="button" onClick={() => pick(() => props.onAssign(props.meId))}>
                Assign to me
              </button>
            </Show>
            <Show when={props.assigneeId !== null}>
              <button type="button" onClick={() => pick(props.onUnassign)}>
                Unassign
              </button>
            </Show>
          </div>
          <ul class="member-options" aria-label="Members">
            <For each={filtered()} fallback={<li class="muted">No member matches.</li>}>
              {(m) => (
                <li>
                  <button
                    type="button"
                    aria-pressed={m.userId === props.assigneeId}
                    aria-label={`Assign to ${m.name}`}
                    onClick={() => pick(() => props.onAssign(m.userId))}
                  >
                    {m.name} <span class="muted">{m.role}</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
    </span>
  );
}
