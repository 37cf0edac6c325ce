import { createSignal } from 'solid-js';

/** A read-only value with a Copy button (invite links, API tokens, embed snippets). */
export function CopyField(props: { label: string; value: string; hint?: string }) {
  const [copied, setCopied] = createSignal(false);
  const id = `copy-${props.label.replace(/\W+/g, '-').toLowerCase()}`;
  const handleCopy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div class="field copy-field">
      <label for={id}>{props.label}</label>
      <div class="row">
        <input id={id} readOnly value={props.value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void handleCopy()} aria-label={`Copy ${props.label.toLowerCase()}`}>
          {copied() ? 'Copied' : 'Copy'}
        </button>
      </div>
      {props.hint && <small>{props.hint}</small>}
    </div>
  );
}
