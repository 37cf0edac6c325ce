import { createEffect, createMemo, createResource, createSignal, For, Index, on, onCleanup, Show } from 'solid-js';
import { renderTemplate, templateVariables } from '../../../shared/domain/channels';
import { errorText, trpc } from '../../api/trpc';
import { FormError } from '../../components/Field';
import { newClientId } from '../../stores/pendingReplies';

type MessagingWindow = Awaited<ReturnType<typeof trpc.providerChannels.window.query>>;

/**
 * WhatsApp's 24-hour window of the open contact, asked before the agent types. Refetched when the
 * thread changes (a customer message reopens it), when it is due to close, and every minute.
 */
export function createMessagingWindow(input: () => { spaceId: string; contactId: string; channelKind: string } | undefined, changes: () => unknown) {
  const [tick, setTick] = createSignal(0);
  let known: { contactId: string; w: MessagingWindow } | undefined;
  const [win, { refetch }] = createResource(
    () => {
      const i = input();
      return i && i.channelKind === 'whatsapp' ? { spaceId: i.spaceId, contactId: i.contactId, t: tick() } : false;
    },
    // Offline or refused: keep what was known (the server still refuses a free-form send outside the window).
    ({ spaceId, contactId }): Promise<MessagingWindow | undefined> =>
      trpc.providerChannels.window
        .query({ spaceId, contactId })
        .then((w) => (known = { contactId, w }).w)
        .catch(() => (known?.contactId === contactId ? known.w : undefined)),
  );
  createEffect(on(changes, () => void refetch(), { defer: true }));
  const every = setInterval(() => setTick((t) => t + 1), 60_000);
  onCleanup(() => clearInterval(every));
  createEffect(() => {
    const closesAt = win()?.closesAt;
    if (!closesAt || !win()?.freeFormAllowed) return;
    const timer = setTimeout(() => setTick((t) => t + 1), Math.min(Math.max(closesAt - Date.now() + 500, 1000), 2 ** 31 - 1));
    onCleanup(() => clearTimeout(timer));
  });
  return win;
}

let pickers = 0;

/**
 * Replaces the composer outside WhatsApp's 24-hour window: the agent picks one of the channel's
 * templates, fills in its variables, sees what the customer will read, and sends it.
 */
export function TemplatePicker(props: { spaceId: string; contactId: string; channelId: string; reason: string | null; blocked: string | null; onSent: (conversationId: string) => void }) {
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const [templates] = createResource(
    () => ({ spaceId: props.spaceId, channelId: props.channelId }),
    (input) =>
      trpc.providerChannels.listTemplates.query(input).catch((err: unknown) => {
        setLoadError(errorText(err));
        return [];
      }),
  );
  const uid = `tpl${++pickers}`;
  const [templateId, setTemplateId] = createSignal('');
  const [values, setValues] = createSignal<string[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [sending, setSending] = createSignal(false);
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
    if (!t) return setError('Choose a template first.');
    const empty = values().findIndex((v) => !v.trim());
    if (empty >= 0) return setError(`Fill in “${label(empty)}”.`);
    setError(null);
    setSending(true);
    try {
      const result = await trpc.providerChannels.sendTemplate.mutate({ spaceId: props.spaceId, contactId: props.contactId, templateId: t.id, values: values(), clientId });
      setValues(values().map(() => ''));
      props.onSent(result.conversationId);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="composer template-picker" aria-label="Send a WhatsApp template" onSubmit={(e) => void handleSubmit(e)} novalidate>
      <p role="note">{props.reason ?? "Outside WhatsApp's 24-hour window — send a template to reopen the conversation"}</p>
      <FormError message={loadError()} />
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
            <FormError message={error()} />
            <div class="composer-actions">
              <span class="spacer" />
              <button type="submit" class="primary" disabled={sending()}>
                Send template
              </button>
            </div>
          </Show>
        </Show>
      </Show>
    </form>
  );
}
