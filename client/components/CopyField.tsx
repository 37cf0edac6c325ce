import { createSignal } from 'solid-js';

let counter = 0;

/**
 * A read-only value with a Copy button (invite links, API tokens, embed snippets). The button is
 * named after what it copies ("Copy API token"); "Copied" is announced (aria-live) next to it.
 */
export function CopyField(props: {
  label: string;
  value: string;
  /** What is copied, as the button names it: "API token", "invite link". */
  what: string;
  hint?: string;
}) {
  const [copied, setCopied] = createSignal(false);
  const id = `copy-${++counter}`;
  let input: HTMLInputElement | undefined;
  const handleCopy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (http, permission): select it so Ctrl+C copies it.
      input?.focus();
      input?.select();
    }
  };
  return (
    <div class="field copy-field">
      <label for={id}>{props.label}</label>
      <div class="row">
        <input ref={input} id={id} readOnly value={props.value} onFocus={(e) => e.currentTarget.select()} aria-describedby={props.hint ? `${id}-hint` : undefined} />
        <button type="button" onClick={() => void handleCopy()}>
          Copy {props.what}
        </button>
        {/* aria-live without role="status": a screen's own status line stays the only status there. */}
        <span aria-live="polite" class="muted small">
          {copied() ? 'Copied' : ''}
        </span>
      </div>
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
    </div>
  );
}
