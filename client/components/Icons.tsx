import type { JSX } from 'solid-js';

/**
 * Kaon's interface icons: small inline SVGs drawn with the text colour (`currentColor`), never
 * emoji (machines without an emoji font show boxes). Decorative by default (`aria-hidden`): the
 * control or text beside an icon carries the accessible name. Give `label` to make the icon itself
 * an image with that name.
 */
export type IconProps = { class?: string; label?: string; size?: number };

function Svg(props: IconProps & { children: JSX.Element; fill?: boolean }) {
  return (
    <svg
      class={`icon ${props.class ?? ''}`.trim()}
      width={props.size ?? 16}
      height={props.size ?? 16}
      viewBox="0 0 16 16"
      fill={props.fill ? 'currentColor' : 'none'}
      stroke={props.fill ? 'none' : 'currentColor'}
      stroke-width="1.5"
      stroke-linecap="round"
      stroke-linejoin="round"
      role={props.label ? 'img' : undefined}
      aria-label={props.label}
      aria-hidden={props.label ? undefined : 'true'}
    >
      {props.children}
    </svg>
  );
}

export const FileIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M9.5 1.75H4.25a1 1 0 0 0-1 1v10.5a1 1 0 0 0 1 1h7.5a1 1 0 0 0 1-1V5L9.5 1.75Z" />
    <path d="M9.5 1.75V5h3.25" />
  </Svg>
);

export const ClockIcon = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M8 4.5V8l2.25 1.5" />
  </Svg>
);

export const CheckIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M3 8.5l3 3 7-7" />
  </Svg>
);

export const DoubleCheckIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M1 8.5l3 3 7-7" />
    <path d="M7.5 11.5l7-7" />
  </Svg>
);

export const AlertIcon = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M8 4.75v3.75" />
    <path d="M8 11.25v.01" />
  </Svg>
);

export const MessagesIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M2.25 3.25a1 1 0 0 1 1-1h9.5a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1H6.5l-3 2.5v-2.5h-.25a1 1 0 0 1-1-1v-6.5Z" />
  </Svg>
);

export const ContactsIcon = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="8" cy="5.5" r="2.75" />
    <path d="M2.75 14c.5-2.75 2.6-4.25 5.25-4.25S12.75 11.25 13.25 14" />
  </Svg>
);

export const SnippetsIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M3 3.5h10M3 6.5h10M3 9.5h6.5M3 12.5h4" />
  </Svg>
);

export const WorkflowsIcon = (props: IconProps) => (
  <Svg {...props}>
    <rect x="1.75" y="2" width="4.5" height="3.5" rx="0.75" />
    <rect x="9.75" y="10.5" width="4.5" height="3.5" rx="0.75" />
    <path d="M4 5.5v3.75a1 1 0 0 0 1 1h4.75" />
  </Svg>
);

export const ReportsIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M2 14h12" />
    <path d="M4 11.5V8M8 11.5V3.5M12 11.5V6" />
  </Svg>
);

export const SettingsIcon = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="8" cy="8" r="2.25" />
    <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
  </Svg>
);

export const SmileIcon = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M5.5 9.75c.6.8 1.5 1.25 2.5 1.25s1.9-.45 2.5-1.25" />
    <path d="M6 6.25h.01M10 6.25h.01" stroke-width="2" />
  </Svg>
);
