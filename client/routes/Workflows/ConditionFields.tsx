import { For, Show } from 'solid-js';
import type { Condition } from '../../../shared/domain/workflowEngine';
import { CONDITION_LABELS } from './labels';

/** The fields of one condition in the builder. */
export function ConditionFields(props: { condition: Condition; index: number; channels: Array<{ id: string; name: string }>; onChange: (c: Condition) => void }) {
  const label = () => `Condition ${props.index + 1}`;
  const c = () => props.condition;
  return (
    <fieldset class="wf-item">
      <legend>
        {label()}: {CONDITION_LABELS[c().kind]}
      </legend>
      <Show when={c().kind === 'channel' && (c() as Extract<Condition, { kind: 'channel' }>)}>
        {(ch) => (
          <div role="group" aria-label={`${label()} channels`}>
            <For each={props.channels}>
              {(channel) => (
                <label>
                  <input
                    type="checkbox"
                    checked={ch().channelIds.includes(channel.id)}
                    onChange={(e) =>
                      props.onChange({ ...ch(), channelIds: e.currentTarget.checked ? [...ch().channelIds, channel.id] : ch().channelIds.filter((id) => id !== channel.id) })
                    }
                  />{' '}
                  {channel.name}
                </label>
              )}
            </For>
          </div>
        )}
      </Show>
      <Show when={c().kind === 'contactTag' && (c() as Extract<Condition, { kind: 'contactTag' }>)}>
        {(t) => (
          <>
            <select aria-label={`${label()} has or has not`} value={String(t().present)} onChange={(e) => props.onChange({ ...t(), present: e.currentTarget.value === 'true' })}>
              <option value="true">has</option>
              <option value="false">does not have</option>
            </select>
            <input aria-label={`${label()} tag`} value={t().tag} onInput={(e) => props.onChange({ ...t(), tag: e.currentTarget.value })} />
          </>
        )}
      </Show>
      <Show when={c().kind === 'contactField' && (c() as Extract<Condition, { kind: 'contactField' }>)}>
        {(f) => (
          <>
            <input aria-label={`${label()} field`} placeholder="field key" value={f().key} onInput={(e) => props.onChange({ ...f(), key: e.currentTarget.value })} />
            <input aria-label={`${label()} value`} placeholder="value" value={f().equals} onInput={(e) => props.onChange({ ...f(), equals: e.currentTarget.value })} />
          </>
        )}
      </Show>
      <Show when={c().kind === 'textContains' && (c() as Extract<Condition, { kind: 'textContains' }>)}>
        {(t) => <input aria-label={`${label()} text`} value={t().text} onInput={(e) => props.onChange({ ...t(), text: e.currentTarget.value })} />}
      </Show>
      <Show when={c().kind === 'businessHours' && (c() as Extract<Condition, { kind: 'businessHours' }>)}>
        {(b) => (
          <select aria-label={`${label()} inside or outside`} value={String(b().inside)} onChange={(e) => props.onChange({ ...b(), inside: e.currentTarget.value === 'true' })}>
            <option value="true">inside business hours</option>
            <option value="false">outside business hours</option>
          </select>
        )}
      </Show>
    </fieldset>
  );
}
