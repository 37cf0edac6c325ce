import { createSignal, For, onCleanup, Show } from 'solid-js';

interface Member {
  userId: string;
  name: string;
  role: string;
}

/**
 * The Assign control: a menu button. The menu opens with the member search focused (type to
 * filter, Enter assigns the first match, ArrowDown goes into the list); in the list the arrows,
 * Home and End move a roving focus and Enter picks; Esc or Tab closes it and focus goes back to
 * the Assign button.
 */
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
  let panel: HTMLDivElement | undefined;
  let menu: HTMLUListElement | undefined;

  const close = (refocus = true) => {
    setOpen(false);
    setQuery('');
    if (refocus) button?.focus();
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
    if (e.key === 'Escape' && open()) {
      e.preventDefault();
      close();
    }
  };
  const onPointer = (e: PointerEvent) => {
    if (open() && !panel?.contains(e.target as Node) && !button?.contains(e.target as Node)) close(false);
  };
  document.addEventListener('keydown', onKey);
  document.addEventListener('pointerdown', onPointer);
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('pointerdown', onPointer);
  });

  const filtered = () => props.members.filter((m) => m.name.toLowerCase().includes(query().trim().toLowerCase()));
  const items = () => Array.from(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const focusItem = (index: number) => {
    const all = items();
    if (!all.length) return;
    const i = (index + all.length) % all.length;
    all.forEach((el, j) => (el.tabIndex = j === i ? 0 : -1));
    all[i]!.focus();
  };

  const handleSearchKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusItem(0);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const first = filtered()[0];
      if (first) pick(() => props.onAssign(first.userId));
    }
  };
  const handleMenuKey = (e: KeyboardEvent) => {
    const all = items();
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') focusItem(i + 1);
    else if (e.key === 'ArrowUp') {
      if (i <= 0) search?.focus();
      else focusItem(i - 1);
    } else if (e.key === 'Home') focusItem(0);
    else if (e.key === 'End') focusItem(all.length - 1);
    else if (e.key === 'Tab') return close(false);
    else return;
    e.preventDefault();
  };

  return (
    <span class="assign">
      <button
        type="button"
        ref={(el) => {
          button = el;
          props.ref?.(el);
        }}
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={open() ? 'assign-menu' : undefined}
        onClick={toggle}
      >
        Assign
      </button>
      <Show when={open()}>
        <div ref={panel} class="popover assign-popover">
          <input ref={search} type="search" aria-label="Search members" placeholder="Search members" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} onKeyDown={handleSearchKey} />
          <ul ref={menu} id="assign-menu" class="member-options" role="menu" aria-label="Assign conversation" onKeyDown={handleMenuKey}>
            <Show when={props.assigneeId !== props.meId}>
              <li role="none">
                <button type="button" role="menuitem" tabIndex={-1} onClick={() => pick(() => props.onAssign(props.meId))}>
                  Assign to me
                </button>
              </li>
            </Show>
            <Show when={props.assigneeId !== null}>
              <li role="none">
                <button type="button" role="menuitem" tabIndex={-1} onClick={() => pick(props.onUnassign)}>
                  Unassign
                </button>
              </li>
            </Show>
            <li role="separator" class="menu-separator" />
            <For each={filtered()} fallback={<li role="none" class="muted">No member matches.</li>}>
              {(m) => (
                <li role="none">
                  <button
                    type="button"
                    role="menuitem"
                    tabIndex={-1}
                    classList={{ current: m.userId === props.assigneeId }}
                    aria-label={`Assign to ${m.name}${m.userId === props.assigneeId ? ' (assigned now)' : ''}`}
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
