import { Show } from 'solid-js';
import type { QueueItem } from '../../../shared/sync/shapes';
import { initials } from '../../components/format';

/** The right pane: who the customer is and who has the conversation. */
export function ContactPanel(props: { item: Pick<QueueItem, 'contactName' | 'channelName' | 'assigneeName'> | undefined }) {
  return (
    <aside class="contact-panel" aria-label="Contact">
      <Show when={props.item} fallback={<p class="muted">Select a conversation to see the contact.</p>}>
        {(c) => (
          <>
            <div class="contact-head">
              <span class="avatar big" aria-hidden="true">
                {initials(c().contactName)}
              </span>
              <h2>{c().contactName}</h2>
            </div>
            <dl>
              <dt>Channel</dt>
              <dd>{c().channelName}</dd>
              <dt>Assignee</dt>
              <dd>{c().assigneeName ?? 'Unassigned'}</dd>
            </dl>
          </>
        )}
      </Show>
    </aside>
  );
}
