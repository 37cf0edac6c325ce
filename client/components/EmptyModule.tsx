import type { ParentProps } from 'solid-js';

/** A module with nothing in it yet: says what it is for and what to do next. */
export function EmptyModule(props: ParentProps<{ title: string; message: string }>) {
  return (
    <main class="module empty" aria-labelledby="module-title">
      <h1 id="module-title">{props.title}</h1>
      <p>{props.message}</p>
      {props.children}
    </main>
  );
}
