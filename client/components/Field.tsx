import { Show, splitProps, type JSX } from 'solid-js';

type Props = JSX.InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | undefined; hint?: string };

let counter = 0;

/** A labelled input: the label is the accessible name; errors and hints are described-by. */
export function Field(props: Props) {
  const [own, input] = splitProps(props, ['label', 'error', 'hint']);
  const id = `f${++counter}`;
  return (
    <div class="field">
      <label for={id}>{own.label}</label>
      <input id={id} aria-invalid={own.error ? 'true' : undefined} aria-describedby={own.error || own.hint ? `${id}-d` : undefined} {...input} />
      <Show when={own.error || own.hint}>
        <small id={`${id}-d`} classList={{ error: Boolean(own.error) }}>
          {own.error ?? own.hint}
        </small>
      </Show>
    </div>
  );
}

/** A form-level error, announced to screen readers. */
export function FormError(props: { message: string | null | undefined }) {
  return (
    <Show when={props.message}>
      <p class="form-error" role="alert">
        {props.message}
      </p>
    </Show>
  );
}
