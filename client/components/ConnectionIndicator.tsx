import { Show } from 'solid-js';

type ConnectionState = 'online' | 'offline' | 'syncing';

const LABEL: Record<ConnectionState, string> = { online: 'Online', offline: 'Offline', syncing: 'Syncing' };

/** Always visible in the rail: online / offline (with pending items) / syncing. */
export function ConnectionIndicator(props: { status: ConnectionState; pending: number }) {
  return (
    <p class={`connection ${props.status}`} role="status" aria-label={`Connection: ${LABEL[props.status]}`}>
      <span class="dot" aria-hidden="true" />
      {LABEL[props.status]}
      <Show when={props.pending > 0}>
        <span> · {props.pending} pending</span>
      </Show>
    </p>
  );
}
