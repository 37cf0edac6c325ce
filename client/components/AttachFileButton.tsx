import type { JSX } from 'solid-js';

/**
 * "Attach file": a real button (keyboard, accessible name) opening the browser's file picker,
 * whose own input stays hidden. `onFiles` gets the chosen files; the input is reset so the same
 * file can be chosen again.
 */
export function AttachFileButton(props: {
  onFiles: (files: File[]) => void;
  multiple?: boolean;
  disabled?: boolean;
  class?: string;
  describedBy?: string;
  children?: JSX.Element;
}) {
  let picker: HTMLInputElement | undefined;
  return (
    <>
      <input
        ref={picker}
        type="file"
        multiple={props.multiple ?? true}
        class="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          if (files.length > 0) props.onFiles(files);
        }}
      />
      <button type="button" class={props.class} disabled={props.disabled} aria-describedby={props.describedBy} onClick={() => picker?.click()}>
        {props.children ?? 'Attach file'}
      </button>
    </>
  );
}
