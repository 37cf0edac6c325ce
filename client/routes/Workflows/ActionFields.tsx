import { For, Show } from 'solid-js';
import type { Action, AssignPool } from '../../../shared/domain/workflowEngine';
import { ACTION_LABELS } from './labels';

interface Member {
  userId: string;
  name: string;
}

/** The fields of one action in the builder; every change produces a new action value. */
export function ActionFields(props: {
  action: Action;
  index: number;
  members: Member[];
  snippets: Array<{ id: string; name: string; shortcut: string }>;
  onChange: (a: Action) => void;
}) {
  const label = () => `Action ${props.index + 1}`;
  const pool = (): AssignPool | null => (props.action.kind === 'roundRobin' || props.action.kind === 'leastOpen' ? props.action.pool : null);
  const setPool = (next: Partial<AssignPool>) => {
    const a = props.action;
    if (a.kind === 'roundRobin' || a.kind === 'leastOpen') props.onChange({ ...a, pool: { ...a.pool, ...next } });
  };
  return (
    <fieldset class="wf-item">
      <legend>
        {label()}: {ACTION_LABELS[props.action.kind]}
      </legend>
      <Show when={props.action.kind === 'assign' && props.action}>
        {(a) => (
          <label>
            Member
            <select aria-label={`${label()} member`} value={a().userId} onChange={(e) => props.onChange({ ...a(), userId: e.currentTarget.value })}>
              <option value="">Choose a member</option>
              <For each={props.members}>{(m) => <option value={m.userId}>{m.name}</option>}</For>
            </select>
          </label>
        )}
      </Show>
      <Show when={pool()}>
        {(p) => (
          <>
            <div role="group" aria-label={`${label()} members`} class="wf-members">
              <For each={props.members}>
                {(m) => (
                  <label>
                    <input
                      type="checkbox"
                      checked={p().userIds.includes(m.userId)}
                      onChange={(e) =>
                        setPool({ userIds: e.currentTarget.checked ? [...p().userIds, m.userId] : p().userIds.filter((id) => id !== m.userId) })
                      }
                    />{' '}
                    {m.name}
                  </label>
                )}
              </For>
            </div>
            <label>
              <input type="checkbox" checked={p().onlineOnly} onChange={(e) => setPool({ onlineOnly: e.currentTarget.checked })} /> Only members who are online
            </label>
            <label>
              Capacity (max open conversations each, empty = no limit)
              <input
                type="number"
                min="1"
                max="1000"
                aria-label={`${label()} capacity`}
                value={p().capacity ?? ''}
                onInput={(e) => setPool({ capacity: e.currentTarget.value ? Number(e.currentTarget.value) : null })}
              />
            </label>
          </>
        )}
      </Show>
      <Show when={(props.action.kind === 'addTag' || props.action.kind === 'removeTag') && props.action}>
        {(a) => (
          <label>
            Tag
            <input aria-label={`${label()} tag`} value={a().tag} onInput={(e) => props.onChange({ ...a(), tag: e.currentTarget.value })} />
          </label>
        )}
      </Show>
      <Show when={props.action.kind === 'sendSnippet' && props.action}>
        {(a) => (
          <label>
            Snippet
            <select aria-label={`${label()} snippet`} value={a().snippetId} onChange={(e) => props.onChange({ ...a(), snippetId: e.currentTarget.value })}>
              <option value="">Choose a snippet</option>
              <For each={props.snippets}>{(s) => <option value={s.id}>{`/${s.shortcut} — ${s.name}`}</option>}</For>
            </select>
          </label>
        )}
      </Show>
      <Show when={props.action.kind === 'snooze' && props.action}>
        {(a) => (
          <>
            <label class="checkbox">
              <input
                type="checkbox"
                aria-label={`${label()}: until the customer writes`}
                checked={a().hours === null}
                onChange={(e) => props.onChange({ ...a(), hours: e.currentTarget.checked ? null : 24 })}
              />{' '}
              Until the customer writes
            </label>
            <Show when={a().hours !== null}>
              <label>
                Hours
                <input
                  type="number"
                  min="1"
                  step="1"
                  aria-label={`${label()} hours`}
                  value={a().hours ?? ''}
                  onInput={(e) => props.onChange({ ...a(), hours: e.currentTarget.value ? Number(e.currentTarget.value) : 0 })}
                />
              </label>
            </Show>
          </>
        )}
      </Show>
      <Show when={(props.action.kind === 'sendText' || props.action.kind === 'addComment') && props.action}>
        {(a) => (
          <label>
            Text
            <textarea aria-label={`${label()} text`} rows={2} value={a().text} onInput={(e) => props.onChange({ ...a(), text: e.currentTarget.value })} />
          </label>
        )}
      </Show>
    </fieldset>
  );
}
