import { createContext, createEffect, on, Show, splitProps, useContext, type JSX } from 'solid-js';

type Props = JSX.InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | undefined; hint?: string };

let counter = 0;

const FieldErrorsContext = createContext<() => Record<string, string>>(() => ({}));

/**
 * Gives every Field inside it its refusal by the input's name (`errors()[name]`), for a form whose
 * per-field errors come from one place (a mutation's `fields`); a Field's own `error` wins.
 */
export function FieldErrors(props: { errors: () => Record<string, string>; children: JSX.Element }) {
  return <FieldErrorsContext.Provider value={() => props.errors()}>{props.children}</FieldErrorsContext.Provider>;
}

/** A labelled input: the label is the accessible name; errors and hints are described-by. */
export function Field(props: Props) {
  const [own, input] = splitProps(props, ['label', 'error', 'hint']);
  const byName = useContext(FieldErrorsContext);
  const error = () => own.error ?? (typeof input.name === 'string' ? byName()[input.name] : undefined);
  const id = `f${++counter}`;
  return (
    <div class="field">
      <label for={id}>{own.label}</label>
      <input id={id} aria-invalid={error() ? 'true' : undefined} aria-describedby={error() || own.hint ? `${id}-d` : undefined} {...input} />
      <Show when={error() || own.hint}>
        <small id={`${id}-d`} classList={{ error: Boolean(error()) }}>
          {error() ?? own.hint}
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

/**
 * After a refused submit, moves focus to the first control of `form` marked aria-invalid, once
 * the marks have rendered (call it right after setting the per-field errors). Nothing moves when
 * only the form as a whole was refused: its role="alert" message is announced instead.
 */
export function focusFirstInvalid(form: HTMLElement | null | undefined) {
  queueMicrotask(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/**
 * Every time `fields` (a form's per-field errors) becomes non-empty, focus goes to the form's first
 * control marked invalid. One line per form: `focusOnInvalid(() => formEl, fields)`.
 */
export function focusOnInvalid(form: () => HTMLElement | null | undefined, fields: () => Record<string, string>) {
  createEffect(on(fields, (f) => Object.keys(f).length > 0 && focusFirstInvalid(form()), { defer: true }));
}
