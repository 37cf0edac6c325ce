import { createSignal, For, Index, Show } from 'solid-js';
import { templateVariables } from '../../../shared/domain/providers';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { createChannelTemplates } from '../../stores/channelTemplatesStore';

/**
 * The message templates of one WhatsApp channel (as approved in Meta's WhatsApp Manager): agents
 * send them outside the 24-hour window. Everyone sees the list; owners and managers add and delete.
 */
export function ChannelTemplates(props: { spaceId: string; channelId: string; channelName: string; manage: boolean }) {
  const channel = createChannelTemplates(props);
  const templates = channel.templates;
  const [adding, setAdding] = createSignal(false);
  const [body, setBody] = createSignal('');
  const count = () => templateVariables(body()).count;
  let formEl: HTMLFormElement | undefined;
  const fields = () => channel.mutation.fields();
  focusOnInvalid(() => formEl, fields);
  // A refusal of one of the form's fields is said under that field, not again above the list.
  const byField = () => ['name', 'language', 'body'].some((k) => fields()[k]);

  const handleAdd = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const saved = await channel.save({
      name: get('name'),
      language: get('language'),
      body: body(),
      variableLabels: Array.from({ length: count() }, (_, i) => get(`label${i}`)),
    });
    if (saved) {
      setAdding(false);
      setBody('');
    }
  };

  return (
    <section class="channel-templates" aria-label={`Templates of ${props.channelName}`}>
      <h5>Message templates</h5>
      <FormError message={byField() ? null : channel.mutation.error()} />
      <ul>
        <For each={templates()} fallback={<li class="muted">No templates yet: outside the 24-hour window agents can only send templates.</li>}>
          {(t) => (
            <li>
              <strong>{t.name}</strong> <span class="muted">({t.language})</span> — {t.body}
              <Show when={props.manage}>
                {' '}
                <button
                  type="button"
                  class="link danger"
                  aria-label={`Delete template ${t.name} (${t.language})`}
                  onClick={() => void channel.remove(t.id)}
                >
                  Delete
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.manage}>
        <Show
          when={adding()}
          fallback={
            <button type="button" onClick={() => setAdding(true)}>
              Add template to {props.channelName}
            </button>
          }
        >
          <form ref={formEl} class="card" aria-label={`New template for ${props.channelName}`} onSubmit={(e) => void handleAdd(e)} novalidate>
            <Field label="Template name" name="name" required hint="Exactly as in Meta’s WhatsApp Manager, e.g. order_update" error={fields().name} />
            <Field label="Language" name="language" value="en_US" required hint="The template’s language code, e.g. en_US" error={fields().language} />
            <div class="field">
              <label for={`tpl-body-${props.channelId}`}>Body</label>
              <textarea
                id={`tpl-body-${props.channelId}`}
                name="body"
                required
                maxLength={1024}
                value={body()}
                onInput={(e) => setBody(e.currentTarget.value)}
                aria-invalid={fields().body ? 'true' : undefined}
                aria-describedby={`tpl-body-${props.channelId}-d`}
              />
              <small id={`tpl-body-${props.channelId}-d`} classList={{ error: Boolean(fields().body) }}>
                {fields().body ?? <>Write variables as {'{{1}}'}, {'{{2}}'}… as in the approved template.</>}
              </small>
            </div>
            <Index each={Array.from({ length: count() })}>
              {(_, i) => <Field label={`What {{${i + 1}}} stands for`} name={`label${i}`} placeholder="e.g. Customer name" />}
            </Index>
            <div class="row">
              <button type="submit" class="primary">
                Save template
              </button>
              <button type="button" onClick={() => setAdding(false)}>
                Cancel
              </button>
            </div>
          </form>
        </Show>
      </Show>
    </section>
  );
}
