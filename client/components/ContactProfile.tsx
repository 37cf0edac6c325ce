import { createEffect, createSignal, For, Show } from 'solid-js';
import type { ProfileKey } from '../../shared/sync/contactDoc';
import type { ContactDoc } from '../stores/contactDocStore';

/**
 * A value edited in place: it looks like text until focused; Enter or leaving the field saves,
 * Esc puts back what was there. Edits by others show up live unless you are typing in it.
 */
let inlineIds = 0;

function InlineField(props: { label: string; value: string; type?: string; placeholder?: string; onCommit: (value: string) => string | null }) {
  let input: HTMLInputElement | undefined;
  const errorId = `inline-error-${++inlineIds}`;
  const [error, setError] = createSignal<string | null>(null);
  let editing = false;
  /** What the field held when the agent focused it: leaving it untouched must not write it back over a teammate's edit. */
  let base = '';
  // The only writer of the input's value: a teammate's edit shows unless you are typing in it.
  createEffect(() => {
    const v = props.value;
    if (input && !editing) input.value = v;
  });
  const commit = () => {
    if (!input) return;
    if (input.value.trim() === props.value.trim() || input.value === base) {
      input.value = props.value;
      return setError(null);
    }
    const why = props.onCommit(input.value);
    setError(why);
    if (!why) input.value = props.value;
  };
  return (
    <div class="inline-field">
      <label>
        <span class="inline-label">{props.label}</span>
        <input
          ref={input}
          class="inline-edit"
          type={props.type ?? 'text'}
          placeholder={props.placeholder ?? 'Add'}
          aria-invalid={error() ? true : undefined}
          aria-describedby={error() ? errorId : undefined}
          onFocus={(e) => {
            editing = true;
            base = e.currentTarget.value;
          }}
          onBlur={() => {
            editing = false;
            commit();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              // Refused: the focus stays in the field, marked, so the agent can correct it.
              commit();
              if (!error()) e.currentTarget.blur();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              e.currentTarget.value = props.value;
              setError(null);
              editing = false;
              e.currentTarget.blur();
            }
          }}
        />
      </label>
      <Show when={error()}>
        <span id={errorId} class="error small" role="alert">
          {error()}
        </span>
      </Show>
    </div>
  );
}

const PROFILE_FIELDS: Array<{ key: ProfileKey; label: string; type: string }> = [
  { key: 'name', label: 'Name', type: 'text' },
  { key: 'phone', label: 'Phone', type: 'tel' },
  { key: 'email', label: 'E-mail', type: 'email' },
  { key: 'company', label: 'Company', type: 'text' },
];

/** The contact's profile, tags, custom fields and channels, all edited live with the team. */
export function ContactProfile(props: {
  contact: ContactDoc;
  /** Shown while the doc has no name yet (the name the channel gave). */
  fallbackName?: string;
  fieldDefs?: Array<{ key: string; label: string }>;
  channels?: Array<{ name: string; kind?: string }>;
}) {
  const [tagError, setTagError] = createSignal<string | null>(null);
  const tagList = () => Object.keys(props.contact.tags).sort((a, b) => (props.contact.tags[a] ?? 0) - (props.contact.tags[b] ?? 0));
  const addTag = (input: HTMLInputElement) => {
    const why = props.contact.addTag(input.value);
    setTagError(why);
    if (!why) input.value = '';
  };

  return (
    <section class="contact-profile" aria-label="Profile">
      <For each={PROFILE_FIELDS}>
        {(f) => (
          <InlineField
            label={f.label}
            type={f.type}
            value={props.contact.profile[f.key] ?? (f.key === 'name' ? (props.fallbackName ?? '') : '')}
            onCommit={(v) => props.contact.setProfileField(f.key, v)}
          />
        )}
      </For>

      <div class="tags">
        <span class="inline-label" id="tags-label">
          Tags
        </span>
        <ul class="tag-list" aria-labelledby="tags-label">
          <For each={tagList()} fallback={<li class="muted small">No tags</li>}>
            {(tag) => (
              <li class="tag">
                {tag}
                <button type="button" class="tag-remove" aria-label={`Remove tag ${tag}`} onClick={() => props.contact.removeTag(tag)}>
                  ×
                </button>
              </li>
            )}
          </For>
        </ul>
        <input
          type="text"
          aria-label="Add tag"
          aria-invalid={tagError() ? true : undefined}
          aria-describedby={tagError() ? 'tag-error' : undefined}
          placeholder="Add tag (Enter)"
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              addTag(e.currentTarget);
            } else if (e.key === 'Escape') {
              e.currentTarget.value = '';
              setTagError(null);
            }
          }}
        />
        <Show when={tagError()}>
          <span id="tag-error" class="error small" role="alert">
            {tagError()}
          </span>
        </Show>
      </div>

      <Show when={(props.fieldDefs ?? []).length > 0}>
        <div class="custom-fields">
          <For each={props.fieldDefs ?? []}>
            {(def) => <InlineField label={def.label} value={props.contact.fields[def.key] ?? ''} onCommit={(v) => props.contact.setField(def.key, v)} />}
          </For>
        </div>
      </Show>

      <Show when={(props.channels ?? []).length > 0}>
        <div class="channels">
          <span class="inline-label" id="channels-label">
            Channels
          </span>
          <ul aria-labelledby="channels-label">
            <For each={props.channels ?? []}>{(c) => <li>{c.name}</li>}</For>
          </ul>
        </div>
      </Show>
    </section>
  );
}
