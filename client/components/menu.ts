import { createSignal, onCleanup } from 'solid-js';

/**
 * A menu button's behaviour (the Assign and Snooze menus): open and closed; Esc or a click
 * outside closes it (Esc puts focus back on the button); in the list the arrows, Home and End
 * move a roving focus. `aboveFirst` is where ArrowUp on the first item goes (else it wraps);
 * `tabCloses`: Tab closes the menu (else it moves on to what follows the list).
 */
export function createMenu(options: { onClose?: () => void; aboveFirst?: () => void; tabCloses?: boolean } = {}) {
  const [open, setOpen] = createSignal(false);
  let button: HTMLButtonElement | undefined;
  let panel: HTMLElement | undefined;
  let list: HTMLElement | undefined;

  const close = (refocus = true) => {
    setOpen(false);
    options.onClose?.();
    if (refocus) button?.focus();
  };
  const items = () => Array.from(list?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const focusItem = (index: number) => {
    const all = items();
    if (!all.length) return;
    const i = (index + all.length) % all.length;
    all.forEach((el, j) => (el.tabIndex = j === i ? 0 : -1));
    all[i]!.focus();
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
  const handleListKey = (e: KeyboardEvent) => {
    const all = items();
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') focusItem(i + 1);
    else if (e.key === 'ArrowUp') {
      if (i <= 0 && options.aboveFirst) options.aboveFirst();
      else focusItem(i - 1);
    } else if (e.key === 'Home') focusItem(0);
    else if (e.key === 'End') focusItem(all.length - 1);
    else if (e.key === 'Tab' && options.tabCloses) return close(false);
    else return;
    e.preventDefault();
  };
  return {
    open,
    setOpen,
    close,
    focusItem,
    handleListKey,
    buttonRef: (el: HTMLButtonElement) => (button = el),
    panelRef: (el: HTMLElement) => (panel = el),
    listRef: (el: HTMLElement) => (list = el),
  };
}
