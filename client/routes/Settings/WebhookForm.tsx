import { For, onMount, Show } from 'solid-js';
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, WEBHOOK_LIMITS, type WebhookEvent } from '../../../shared/domain/webhooks';
import { Field, FieldErrors, focusOnInvalid, FormError } from '../../components/Field';

export interface WebhookInput {
  url: string;
  description: string;
  events: WebhookEvent[];
}

let counter = 0;

/**
 * The fields of a webhook (address, description, events as labelled checkboxes), for adding one
 * and for editing it. Refusals show under their field; with no event chosen nothing is sent.
 * An edit form takes focus when it opens and Esc cancels it.
 */
export function WebhookForm(props: {
  label: string;
  submitLabel: string;
  initial?: WebhookInput;
  fields: () => Record<string, string>;
  error?: string | null;
  pending: boolean;
  onSubmit: (input: WebhookInput, form: HTMLFormElement) => void;
  onInvalid: (message: string, fields: Record<string, string>) => void;
  onCancel?: () => void;
}) {
  const id = `webhook-form-${++counter}`;
  let form!: HTMLFormElement;
  focusOnInvalid(() => form, props.fields);
  onMount(() => props.onCancel && form.querySelector('input')?.focus());

  const handleSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(form);
    const events = WEBHOOK_EVENTS.filter((e) => data.getAll('events').includes(e));
    if (events.length === 0) return props.onInvalid('Choose at least one event.', { events: 'Choose at least one event' });
    props.onSubmit({ url: String(data.get('url') ?? '').trim(), description: String(data.get('description') ?? '').trim(), events }, form);
  };

  return (
    <FieldErrors errors={props.fields}>
      <form
        ref={form}
        class="card"
        aria-label={props.label}
        onSubmit={handleSubmit}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && props.onCancel) props.onCancel();
        }}
        novalidate
      >
        <Show when={!props.onCancel}>
          <h3>{props.label}</h3>
        </Show>
        <FormError message={props.error} />
        <Field
          label="Address (URL)"
          name="url"
          type="url"
          required
          value={props.initial?.url ?? ''}
          placeholder="https://example.com/kaon-events"
          maxLength={WEBHOOK_LIMITS.urlMax}
          hint="Kaon POSTs to it; it must answer with a 2xx status within 10 seconds."
        />
        <Field label="Description (optional)" name="description" value={props.initial?.description ?? ''} maxLength={WEBHOOK_LIMITS.descriptionMax} placeholder="e.g. CRM sync" />
        <fieldset aria-describedby={props.fields().events ? `${id}-events` : undefined}>
          <legend>Events</legend>
          <For each={[...WEBHOOK_EVENTS]}>
            {(e) => (
              <label class="radio">
                <input type="checkbox" name="events" value={e} checked={props.initial ? props.initial.events.includes(e) : true} /> {WEBHOOK_EVENT_LABELS[e]}
              </label>
            )}
          </For>
          <Show when={props.fields().events}>
            <small id={`${id}-events`} class="error">
              {props.fields().events}
            </small>
          </Show>
        </fieldset>
        <div class="row">
          <button type="submit" class="primary" disabled={props.pending}>
            {props.submitLabel}
          </button>
          <Show when={props.onCancel}>
            <button type="button" onClick={() => props.onCancel?.()}>
              Cancel
            </button>
          </Show>
        </div>
      </form>
    </FieldErrors>
  );
}
