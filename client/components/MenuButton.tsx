import type { JSX } from 'solid-js';
import type { createMenu } from './menu';

/** The button that opens a menu made with createMenu (Assign, Snooze): its popup state for assistive tech, and its ref for the keyboard shortcuts. */
export function MenuButton(props: {
  menu: ReturnType<typeof createMenu>;
  /** The id of the menu's list, named while it is open. */
  menuId: string;
  onClick: () => void;
  keyshortcuts?: string;
  ref?: (el: HTMLButtonElement) => void;
  children: JSX.Element;
}) {
  return (
    <button
      type="button"
      ref={(el) => {
        props.menu.buttonRef(el);
        props.ref?.(el);
      }}
      aria-haspopup="menu"
      aria-expanded={props.menu.open()}
      aria-controls={props.menu.open() ? props.menuId : undefined}
      aria-keyshortcuts={props.keyshortcuts}
      onClick={() => props.onClick()}
    >
      {props.children}
    </button>
  );
}
