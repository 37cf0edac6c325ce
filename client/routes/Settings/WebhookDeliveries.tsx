import { For, Show } from 'solid-js';
import { WEBHOOK_EVENT_LABELS, type WebhookEvent } from '../../../shared/domain/webhooks';
import { createWebhookDeliveries, type DeliveryView } from '../../stores/webhooksStore';

const eventLabel = (d: DeliveryView) => (d.test ? 'Test' : (WEBHOOK_EVENT_LABELS[d.eventType as WebhookEvent] ?? d.eventType));

/** What the Result column says: the outcome, and for one still retrying, when the next attempt is. */
function result(d: DeliveryView): string {
  if (d.state !== 'pending' || !d.nextAttemptAt) return d.outcome;
  return `${d.outcome} · next at ${new Date(d.nextAttemptAt).toLocaleTimeString()}`;
}

/** A webhook's delivery log: the newest 50 deliveries (Kaon keeps the last 100), live. */
export function WebhookDeliveries(props: { webhookId: string; name: string }) {
  const log = createWebhookDeliveries(() => props.webhookId);
  return (
    <Show when={(log()?.length ?? 0) > 0} fallback={<p class="muted">{log.loading ? 'Loading the delivery log…' : 'Nothing sent yet. Use Send test to try the address.'}</p>}>
      {/* Scrolls sideways on a narrow screen; focusable so the keyboard can scroll it too. */}
      <div class="table-scroll" tabIndex={0} role="region" aria-label={`Delivery log of ${props.name}, scrollable`}>
        <table class="list deliveries" aria-label={`Delivery log of ${props.name}`}>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Result</th>
              <th scope="col">Status</th>
              <th scope="col">Response time</th>
              <th scope="col">Attempts</th>
            </tr>
          </thead>
          <tbody>
            <For each={log()}>
              {(d) => (
                <tr>
                  <td>{new Date(d.finishedAt ?? d.createdAt).toLocaleString()}</td>
                  <td>{eventLabel(d)}</td>
                  <td classList={{ 'form-error': d.state === 'failed' }}>{result(d)}</td>
                  <td>{d.statusCode ?? '—'}</td>
                  <td>{d.responseMs === null ? '—' : `${d.responseMs} ms`}</td>
                  <td>{d.attempts}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
