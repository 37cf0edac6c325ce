import { createEffect } from 'solid-js';

/**
 * A native modal <dialog> driven by `open()`: it traps focus and closes on Esc; when it closes
 * (Esc or `open()` turning false) `onDismiss` runs if it was still meant to be open, and focus goes
 * back by hand to what had it before (the opener may have re-rendered, and then the browser's own
 * return misses). Returns the ref setter and the dialog's onClose handler.
 */
export function createModalDialog(open: () => boolean, onDismiss: () => void) {
  let dialog: HTMLDialogElement | undefined;
  let before: HTMLElement | null = null;
  createEffect(() => {
    if (!dialog) return;
    if (open() && !dialog.open) {
      before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!open() && dialog.open) dialog.close();
  });
  return {
    ref: (el: HTMLDialogElement) => (dialog = el),
    onClose: () => {
      if (open()) onDismiss();
      if (before?.isConnected) before.focus();
      before = null;
    },
  };
}
