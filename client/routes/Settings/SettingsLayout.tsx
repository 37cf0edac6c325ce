import { A } from '@solidjs/router';
import { Show, type ParentProps } from 'solid-js';
import { useSpace } from '../../stores/space';

export function SettingsLayout(props: ParentProps) {
  const space = useSpace();
  const base = () => `/s/${space.spaceId()}/settings`;
  return (
    <main class="module settings" aria-labelledby="module-title">
      <h1 id="module-title">Settings</h1>
      <nav class="subnav" aria-label="Settings">
        <A href={`${base()}/members`} activeClass="active">
          Members
        </A>
        <A href={`${base()}/tokens`} activeClass="active">
          API tokens
        </A>
        <A href={`${base()}/channels`} activeClass="active">
          Channels
        </A>
        <A href={`${base()}/closing`} activeClass="active">
          Closing notes
        </A>
        <A href={`${base()}/hours`} activeClass="active">
          Business hours
        </A>
        <A href={`${base()}/sla`} activeClass="active">
          SLAs
        </A>
        <A href={`${base()}/contact-fields`} activeClass="active">
          Contact fields
        </A>
        <Show when={space.can('webhooks.manage')}>
          <A href={`${base()}/webhooks`} activeClass="active">
            Webhooks
          </A>
        </Show>
        <A href={`${base()}/space`} activeClass="active">
          Space
        </A>
      </nav>
      <div class="settings-body">{props.children}</div>
    </main>
  );
}
