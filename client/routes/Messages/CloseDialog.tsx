import { createEffect, createSignal, For, Show } from 'solid-js';
import type { ClosingPolicy } from '../../../shared/domain/closingNote';
import { FormError } from '../../components/Field';

/** The closing-note dialog (native <dialog>: focus trapped, Esc cancels, focus returns). */
export function CloseDialog(props: {
  open: boolean;
  policy: ClosingPolicy;
  categories: string[];
  error: string | null;
  onClose: (note: { category: string | null; summary: string | null }) => void;
  onCancel: () => void;
}) {
  let dialog: HTMLDialogElement | undefined;
  // Focus goes back where it was (the Close button, or the row after Shift+C) when the dialog closes.
  let before: HTMLElement | null = null;
  const [category, setCategory] = createSignal('');
  const [summary, setSummary] = createSignal('');
  createEffect(() => {
    if (!dialog) return;
    if (props.open && !dialog.open) {
      setCategory('');
      setSummary('');
      before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!props.open && dialog.open) dialog.close();
  });
  const needsCategory = () => props.policy === 'category' || props.policy === 'categoryAndSummary';
  const needsSummary = () => props.policy === 'categoryAndSummary';

  return (
    <dialog ref={dialog} aria-labelledby="close-title" onClose={() => {
        if (props.open) props.onCancel();
        if (before?.isConnected) before.focus();
        before = null;
      }}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          props.onClose({ category: category() || null, summary: summary().trim() || null });
        }}
      >
        <h2 id="close-title">Close conversation</h2>
        <fieldset>
          <legend>Closing note</legend>
          <div class="field">
            <label for="close-category">Category{needsCategory() ? '' : ' (optional)'}</label>
            <select id="close-category" value={category()} onChange={(e) => setCategory(e.currentTarget.value)} required={needsCategory()}>
              <option value="">{needsCategory() ? 'Choose a category' : 'No category'}</option>
              <For each={props.categories}>{(c) => <option value={c}>{c}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="close-summary">Summary{needsSummary() ? '' : ' (optional)'}</label>
            <textarea id="close-summary" rows={3} value={summary()} onInput={(e) => setSummary(e.currentTarget.value)} placeholder="What was it about, how was it solved?" />
          </div>
        </fieldset>
        <FormError message={props.error} />
        <Show when={needsCategory() && !category()}>
          <p class="muted">This space asks for a category when closing.</p>
        </Show>
        <div class="actions">
          <button type="button" onClick={() => props.onCancel()}>
            Cancel
          </button>
          <button type="submit" class="primary">
            Close
          </button>
        </div>
      </form>
    </dialog>
  );
}
