import { createSignal, For, Show } from 'solid-js';
import { WEBHOOK_EVENT_LABELS } from '../../../shared/domain/webhooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyField } from '../../components/CopyField';
import { FormError } from '../../components/Field';
import { createWebhookEdit, createWebhooks, type WebhookView } from '../../stores/webhooksStore';
import { useSpace } from '../../stores/space';
import { WebhookDeliveries } from './WebhookDeliveries';
import { WebhookForm, type WebhookInput } from './WebhookForm';

/** How a webhook is named on buttons and in messages: its description, else its address. */
export const webhookName = (w: Pick<WebhookView, 'description' | 'url'>) => w.description || w.url;

/**
 * Settings → Webhooks (owners and managers): addresses Kaon POSTs signed JSON to when
 * conversations open, are assigned or close and when messages arrive or are sent. The signing
 * secret is shown once (on adding, and on "Rotate secret"); each webhook has "Send test" and its
 * delivery log.
 */
export function WebhooksSettings() {
  const space = useSpace();
  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <Show when={space.can('webhooks.manage')} fallback={<p class="muted">Only owners and managers can manage webhooks.</p>}>
        <WebhookManager />
      </Show>
    </section>
  );
}

function WebhookManager() {
  const hooks = createWebhooks();
  const [secret, setSecret] = createSignal<{ name: string; value: string } | null>(null);
  const [deleting, setDeleting] = createSignal<WebhookView | null>(null);
  const [openLog, setOpenLog] = createSignal<string | null>(null);
  const [tests, setTests] = createSignal<Record<string, { ok: boolean; text: string } | 'pending'>>({});
  const [editing, setEditing] = createSignal<string | null>(null);

  const handleAdd = async (input: WebhookInput, form: HTMLFormElement) => {
    const created = await hooks.add(input);
    if (created) {
      setSecret({ name: input.description || input.url, value: created });
      form.reset();
    }
  };

  const handleTest = async (w: WebhookView) => {
    setTests((all) => ({ ...all, [w.id]: 'pending' }));
    const result = await hooks.sendTest(w.id);
    setTests((all) => ({ ...all, [w.id]: result }));
  };

  const handleRotate = async (w: WebhookView) => {
    const value = await hooks.rotateSecret(w.id);
    if (value) setSecret({ name: webhookName(w), value });
  };

  const handleDelete = async () => {
    const w = deleting();
    setDeleting(null);
    if (w) await hooks.remove(w.id, webhookName(w));
  };

  return (
    <>
      <p class="muted">
        Kaon sends a signed JSON message (a POST) to your system when conversations open, are assigned or close, and when messages arrive or are sent. Check the{' '}
        <code>Kaon-Signature</code> header with the webhook’s signing secret; the admin API documentation shows how.
      </p>
      <FormError message={hooks.mutation.error()} />
      <Show when={hooks.mutation.notice()}>
        <p role="status">{hooks.mutation.notice()}</p>
      </Show>
      <Show when={secret()} keyed>
        {(s) => <CopyField label={`Signing secret of ${s.name}`} what="signing secret" value={s.value} hint="Copy it now: it is shown only once. Keep it on the receiving system only." />}
      </Show>
      <For each={hooks.list()} fallback={<p class="muted">No webhooks yet. Add one below to send events to another system.</p>}>
        {(w) => (
          <article class="card webhook" aria-label={webhookName(w)}>
            <h3>
              {webhookName(w)}
              <Show when={!w.enabled}>
                <span class="muted"> · disabled</span>
              </Show>
            </h3>
            <Show when={w.description}>
              <p class="webhook-url">
                <code>{w.url}</code>
              </p>
            </Show>
            <p class="muted">
              Events: {w.events.map((e) => WEBHOOK_EVENT_LABELS[e]).join(', ')}
              {w.pending > 0 ? ` · Waiting to be sent: ${w.pending}` : ''}
            </p>
            <p class="muted">Last delivery: {w.lastDelivery ? `${w.lastDelivery.outcome} · ${new Date(w.lastDelivery.finishedAt ?? w.lastDelivery.createdAt).toLocaleString()}` : 'none yet'}</p>
            <div class="row wrap">
              <button type="button" aria-label={`Send test to ${webhookName(w)}`} disabled={tests()[w.id] === 'pending'} onClick={() => void handleTest(w)}>
                Send test
              </button>
              <button type="button" aria-label={`Edit ${webhookName(w)}`} aria-expanded={editing() === w.id} onClick={() => setEditing(editing() === w.id ? null : w.id)}>
                Edit
              </button>
              <button type="button" aria-label={`${w.enabled ? 'Disable' : 'Enable'} ${webhookName(w)}`} onClick={() => void hooks.setEnabled(w.id, !w.enabled, webhookName(w))}>
                {w.enabled ? 'Disable' : 'Enable'}
              </button>
              <button type="button" aria-label={`Delivery log of ${webhookName(w)}`} aria-expanded={openLog() === w.id} onClick={() => setOpenLog(openLog() === w.id ? null : w.id)}>
                Delivery log
              </button>
              <button type="button" aria-label={`Rotate secret of ${webhookName(w)}`} onClick={() => void handleRotate(w)}>
                Rotate secret
              </button>
              <button type="button" class="danger" aria-label={`Delete ${webhookName(w)}`} onClick={() => setDeleting(w)}>
                Delete
              </button>
            </div>
            <Show when={tests()[w.id]} keyed>
              {(r) =>
                r === 'pending' ? (
                  <p role="status">Sending a test to {webhookName(w)}…</p>
                ) : r.ok ? (
                  <p role="status" class="check-ok">
                    Test: {r.text}
                  </p>
                ) : (
                  <p role="alert" class="form-error">
                    Test: {r.text}
                  </p>
                )
              }
            </Show>
            <Show when={editing() === w.id}>
              <WebhookEdit
                webhook={w}
                onDone={(notice) => {
                  setEditing(null);
                  if (notice) void hooks.announce(notice);
                }}
              />
            </Show>
            <Show when={openLog() === w.id}>
              <WebhookDeliveries webhookId={w.id} name={webhookName(w)} />
            </Show>
          </article>
        )}
      </For>
      <WebhookForm
        label="Add a webhook"
        submitLabel="Add webhook"
        fields={hooks.mutation.fields}
        pending={hooks.mutation.pending()}
        onInvalid={(message, fields) => hooks.mutation.fail(message, fields)}
        onSubmit={(input, form) => void handleAdd(input, form)}
      />
      <ConfirmDialog
        open={deleting() !== null}
        title={`Delete ${deleting() ? webhookName(deleting()!) : 'this webhook'}?`}
        message="Kaon stops sending events to this address at once, including any still waiting. Its delivery log is deleted too."
        confirmLabel="Delete webhook"
        onConfirm={() => void handleDelete()}
        onCancel={() => setDeleting(null)}
      />
    </>
  );
}

/** Editing one webhook's address, description and events; its secret and log stay. */
function WebhookEdit(props: { webhook: WebhookView; onDone: (notice: string | null) => void }) {
  const edit = createWebhookEdit();
  return (
    <WebhookForm
      label={`Edit ${webhookName(props.webhook)}`}
      submitLabel="Save webhook"
      initial={{ url: props.webhook.url, description: props.webhook.description, events: props.webhook.events }}
      fields={edit.mutation.fields}
      error={edit.mutation.error()}
      pending={edit.mutation.pending()}
      onInvalid={(message, fields) => edit.mutation.fail(message, fields)}
      onSubmit={(input) => void edit.save(props.webhook.id, { ...input, enabled: props.webhook.enabled }).then((saved) => saved && props.onDone(`${input.description || input.url} saved.`))}
      onCancel={() => props.onDone(null)}
    />
  );
}
