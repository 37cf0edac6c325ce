import { createEffect, createMemo, createSignal, For, Index, on, Show, untrack } from 'solid-js';
import { renderTemplate, templateVariables } from '../../../shared/domain/providers';
import { FormError } from '../../components/Field';
import { createTemplateSender } from '../../stores/channelTemplatesStore';
import { createTemplatePrefill } from '../../stores/templatePrefill';
import { newClientId } from '../../stores/pendingReplies';

let pickers = 0;

/**
 * Replaces the composer outside WhatsApp's 24-hour window: the agent picks one of the channel's
 * templates, fills in its variables, sees what the customer will read, and sends it.
 */
export function TemplatePicker(props: { spaceId: string; contactId: string; contactName: string; channelId: string; reason: string | null; blocked: string | null; onSent: (conversationId: string) => void }) {
  const sender = createTemplateSender(props);
  const templates = sender.templates;
  const uid = `tpl${++pickers}`;
  const [templateId, setTemplateId] = createSignal('');
  const [values, setValues] = createSignal<string[]>([]);
  const chosen = createMemo(() => templates()?.find((t) => t.id === templateId()));
  const count = () => (chosen() ? templateVariables(chosen()!.body).count : 0);
  const label = (n: number) => chosen()?.variableLabels[n]?.trim() || `Variable {{${n + 1}}}`;
  // Variables whose meaning points at the contact ("Customer name", "First name", a contact
  // field's label) start filled from it; the agent's own typing is never overwritten.
  const prefill = createTemplatePrefill(props.spaceId, () => props.contactId, () => props.contactName);
  const [typed, setTyped] = createSignal<ReadonlySet<number>>(new Set());
  const suggested = (n: number) => (chosen()?.variableLabels[n]?.trim() ? prefill(label(n)) : '');
  createEffect(on(chosen, (t) => {
    setTyped(new Set<number>());
    setValues(t ? Array.from({ length: templateVariables(t.body).count }, () => '') : []);
  }));
  // The contact's doc may load after the template: fill what the agent has not touched as it does.
  createEffect(() => {
    const n = count();
    const current = untrack(values);
    const next = Array.from({ length: n }, (_, i) => (typed().has(i) ? (current[i] ?? '') : suggested(i)));
    if (next.some((v, i) => v !== current[i])) setValues(next);
  });
  // The first template is chosen for the agent.
  createEffect(() => {
    const first = templates()?.[0];
    if (first && !templateId()) setTemplateId(first.id);
  });
  // One client id per composed template: a retry after a lost answer is stored once (WhatsApp
  // charges per template), a new template or new values are a new message.
  let clientId = newClientId();
  createEffect(on([templateId, values], () => (clientId = newClientId()), { defer: true }));

  const handleSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const t = chosen();
    if (!t) return sender.mutation.fail('Choose a template first.');
    const empty = values().findIndex((v) => !v.trim());
    if (empty >= 0) return sender.mutation.fail(`Fill in “${label(empty)}”.`);
    const conversationId = await sender.send({ templateId: t.id, values: values(), clientId });
    if (conversationId === undefined) return;
    setTyped(new Set<number>());
    setValues(values().map(() => ''));
    props.onSent(conversationId);
  };

  return (
    <form class="composer template-picker" aria-label="Send a WhatsApp template" onSubmit={(e) => void handleSubmit(e)} novalidate>
      <p role="note">{props.reason ?? "Outside WhatsApp's 24-hour window — send a template to reopen the conversation"}</p>
      <FormError message={sender.loadError()} />
      <Show when={!props.blocked} fallback={<p class="form-error" role="alert">{props.blocked}</p>}>
        <Show when={!templates.loading} fallback={<p class="muted">Loading templates…</p>}>
          <Show
            when={(templates() ?? []).length > 0}
            fallback={<p class="muted">This channel has no templates yet. An owner or manager adds them in Settings → Channels.</p>}
          >
            <div class="field">
              <label for={`${uid}-template`}>Template</label>
              <select id={`${uid}-template`} value={templateId()} onChange={(e) => setTemplateId(e.currentTarget.value)}>
                <For each={templates()}>{(t) => <option value={t.id}>{`${t.name} (${t.language})`}</option>}</For>
              </select>
            </div>
            <Index each={Array.from({ length: count() })}>
              {(_, n) => (
                <div class="field">
                  <label for={`${uid}-v${n}`}>{label(n)}</label>
                  <input
                    id={`${uid}-v${n}`}
                    value={values()[n] ?? ''}
                    maxLength={1024}
                    aria-describedby={values()[n] && !typed().has(n) ? `${uid}-v${n}-from` : undefined}
                    onInput={(e) => {
                      const next = [...values()];
                      next[n] = e.currentTarget.value;
                      setTyped(new Set([...typed(), n]));
                      setValues(next);
                    }}
                  />
                  <Show when={values()[n] && !typed().has(n)}>
                    <small id={`${uid}-v${n}-from`}>From the contact’s details</small>
                  </Show>
                </div>
              )}
            </Index>
            <Show when={chosen()}>
              {(t) => (
                <figure class="template-preview">
                  <figcaption class="muted">Preview</figcaption>
                  <p aria-label="Template preview">{renderTemplate(t().body, values().map((v, i) => v.trim() || `[${label(i)}]`))}</p>
                </figure>
              )}
            </Show>
            <FormError message={sender.mutation.error()} />
            <div class="composer-actions">
              <span class="spacer" />
              <button type="submit" class="primary" disabled={sender.mutation.pending()}>
                Send template
              </button>
            </div>
          </Show>
        </Show>
      </Show>
    </form>
  );
}
