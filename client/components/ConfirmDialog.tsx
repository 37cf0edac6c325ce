import { createEffect } from 'solid-js';

/**
 * A modal confirmation on the native <dialog>: it traps focus, closes on Esc and returns focus
 * to the control that opened it.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  let dialog: HTMLDialogElement | undefined;
  // Returned by hand too: the opener may have re-rendered, and then the browser's own return misses.
  let before: HTMLElement | null = null;
  createEffect(() => {
    if (!dialog) return;
    if (props.open && !dialog.open) {
      before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!props.open && dialog.open) dialog.close();
  });
  return (
    <dialog
      ref={dialog}
      aria-labelledby="confirm-title"
      onClose={() => {
        if (props.open) props.onCancel();
        if (before?.isConnected) before.focus();
        before = null;
      }}
    >
      <h2 id="confirm-title">{props.title}</h2>
      <p>{props.message}</p>
      <div class="actions">
        <button type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={() => props.onConfirm()}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
