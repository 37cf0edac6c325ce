import type { ParentProps } from 'solid-js';

/** The centred card used by setup, sign-in and invite screens. */
export function AuthCard(props: ParentProps<{ title: string; lead?: string }>) {
  return (
    <main class="auth">
      <section class="auth-card" aria-labelledby="auth-title">
        <p class="brand" aria-hidden="true">
          Kaon
        </p>
        <h1 id="auth-title">{props.title}</h1>
        {props.lead && <p class="lead">{props.lead}</p>}
        {props.children}
      </section>
    </main>
  );
}
