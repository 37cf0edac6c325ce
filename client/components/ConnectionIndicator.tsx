import { Show } from 'solid-js';
import { connectionStatus, pendingCount } from '../sync/connectionStatus';

const LABEL = { online: 'Online', offline: 'Offline', syncing: 'Syncing' } as const;

/** Always visible in the rail: online / offline (with pending items) / syncing. */
export function ConnectionIndicator() {
  return (
    <p class={`connection ${connectionStatus()}`} role="status" aria-label={`Connection: ${LABEL[connectionStatus()]}`}>
      <span class="dot" aria-hidden="true" />
      {LABEL[connectionStatus()]}
      <Show when={pendingCount() > 0}>
        <span> · {pendingCount()} pending</span>
      </Show>
    </p>
  );
}
