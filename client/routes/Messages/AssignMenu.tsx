import { createSignal, For, Show } from 'solid-js';
import { createMenu } from '../../components/menu';
import { MenuButton } from '../../components/MenuButton';

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
  const [query, setQuery] = createSignal('');
  let search: HTMLInputElement | undefined;
  const menu = createMenu({ onClose: () => setQuery(''), aboveFirst: () => search?.focus(), tabCloses: true });
  const { open, close, focusItem } = menu;
  const toggle = () => {
    if (open()) return close();
    menu.setOpen(true);
    queueMicrotask(() => search?.focus());
  };
  const pick = (fn: () => void) => {
    fn();
    close();
  };

  const filtered = () => props.members.filter((m) => m.name.toLowerCase().includes(query().trim().toLowerCase()));
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
  return (
    <span class="assign">
      <MenuButton menu={menu} menuId="assign-menu" onClick={toggle} ref={props.ref}>
        Assign
      </MenuButton>
      <Show when={open()}>
        <div ref={menu.panelRef} class="popover assign-popover">
          <input ref={search} type="search" aria-label="Search members" placeholder="Search members" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} onKeyDown={handleSearchKey} />
          <ul ref={menu.listRef} id="assign-menu" class="member-options" role="menu" aria-label="Assign conversation" onKeyDown={menu.handleListKey}>
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
