import { createEffect, createMemo, createSignal, For, Index, on, Show } from 'solid-js';
import { renderTemplate, templateVariables } from '../../../shared/domain/providers';
import { FormError } from '../../components/Field';
import { createTemplateSender } from '../../stores/channelTemplatesStore';
import { newClientId } from '../../stores/pendingReplies';

let pickers = 0;

/**
 * Replaces the composer outside WhatsApp's 24-hour window: the agent picks one of the channel's
 * templates, fills in its variables, sees what the customer will read, and sends it.
 */
export function TemplatePicker(props: { spaceId: string; contactId: string; channelId: string; reason: string | null; blocked: string | null; onSent: (conversationId: string) => void }) {
  const sender = createTemplateSender(props);
  const templates = sender.templates;
  const uid = `tpl${++pickers}`;
  const [templateId, setTemplateId] = createSignal('');
  const [values, setValues] = createSignal<string[]>([]);
  const chosen = createMemo(() => templates()?.find((t) => t.id === templateId()));
  const count = () => (chosen() ? templateVariables(chosen()!.body).count : 0);
  // A new template starts with empty variables.
  createEffect(on(chosen, (t) => setValues(t ? Array.from({ length: templateVariables(t.body).count }, () => '') : [])));
  // The first template is chosen for the agent.
  createEffect(() => {
    const first = templates()?.[0];
    if (first && !templateId()) setTemplateId(first.id);
  });
  const label = (n: number) => chosen()?.variableLabels[n]?.trim() || `Variable {{${n + 1}}}`;
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
                    onInput={(e) => {
                      const next = [...values()];
                      next[n] = e.currentTarget.value;
                      setValues(next);
                    }}
                  />
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
