import { createModalDialog } from './modalDialog';

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
  const modal = createModalDialog(() => props.open, () => props.onCancel());
  return (
    <dialog ref={modal.ref} aria-labelledby="confirm-title" onClose={modal.onClose}>
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
