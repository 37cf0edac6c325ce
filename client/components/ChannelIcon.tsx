import { Match, Switch } from 'solid-js';
import { channelLabel } from './a11yNames';

/**
 * The channel a conversation came from, as a small SVG (website chat, WhatsApp, Telegram,
 * Messenger, e-mail, or a neutral dot for a kind Kaon does not know). Named after the channel
 * ("WhatsApp") unless `decorative`, for places whose text already says the channel.
 */
export function ChannelIcon(props: { kind: string | null | undefined; decorative?: boolean; class?: string }) {
  return (
    <svg
      class={`icon channel-icon ${props.class ?? ''}`.trim()}
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      stroke-width="1.4"
      stroke-linecap="round"
      stroke-linejoin="round"
      role={props.decorative ? undefined : 'img'}
      aria-label={props.decorative ? undefined : channelLabel(props.kind)}
      aria-hidden={props.decorative ? 'true' : undefined}
      data-channel={props.kind ?? 'unknown'}
    >
      <Switch fallback={<circle cx="8" cy="8" r="3" fill="currentColor" stroke="none" />}>
        <Match when={props.kind === 'webchat'}>
          {/* A globe: the website. */}
          <circle cx="8" cy="8" r="6.25" />
          <path d="M1.75 8h12.5M8 1.75c1.8 1.8 2.6 3.9 2.6 6.25S9.8 12.45 8 14.25C6.2 12.45 5.4 10.35 5.4 8S6.2 3.55 8 1.75Z" />
        </Match>
        <Match when={props.kind === 'whatsapp'}>
          {/* A round speech bubble with a handset. */}
          <path d="M2.5 13.5l.8-2.6A6.25 6.25 0 1 1 5.4 13l-2.9.5Z" />
          <path d="M6 5.5c0 2.5 2 4.5 4.5 4.5l.6-1.2-1.4-.7-.6.6c-.8-.4-1.4-1-1.8-1.8l.6-.6-.7-1.4L6 5.5Z" fill="currentColor" stroke="none" />
        </Match>
        <Match when={props.kind === 'telegram'}>
          {/* A paper plane. */}
          <path d="M14.25 2.25L1.75 7.1l4.1 1.5 1.5 4.9 2.2-2.9 3.2 2.4 1.5-10.75Z" />
          <path d="M5.85 8.6l8.4-6.35" />
        </Match>
        <Match when={props.kind === 'messenger'}>
          {/* A speech bubble with a lightning bolt. */}
          <path d="M8 1.75c3.6 0 6.25 2.6 6.25 5.9S11.6 13.5 8 13.5c-.6 0-1.2-.1-1.8-.2l-2.7 1.2v-2.4C2.5 11 1.75 9.4 1.75 7.65 1.75 4.35 4.4 1.75 8 1.75Z" />
          <path d="M4.75 9.25l2.5-2.75 1.5 1.5 2.5-2.75" />
        </Match>
        <Match when={props.kind === 'email'}>
          {/* An envelope. */}
          <rect x="1.75" y="3.25" width="12.5" height="9.5" rx="1" />
          <path d="M2 4l6 4.75L14 4" />
        </Match>
      </Switch>
    </svg>
  );
}
