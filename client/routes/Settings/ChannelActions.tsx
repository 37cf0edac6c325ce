import { createSignal, Show } from 'solid-js';

type Check = { ok: boolean; text: string } | 'pending';
// Each channel's last "Check connection", by channel id: kept outside the card, which the channel
// list re-creates when it refetches (a check that ends after that still shows its answer).
const [checks, setChecks] = createSignal<Record<string, Check>>({});

/**
 * A provider or e-mail channel card's actions (owners and managers): Edit, Disable/Enable, Check
 * connection (its answer in words under the buttons, kept on the card) and Delete.
 */
export function ChannelActions(props: {
  channel: { id: string; name: string; enabled: boolean };
  editing: boolean;
  onToggleEdit: () => void;
  onSetEnabled: (enabled: boolean) => void;
  onCheck: () => Promise<{ ok: boolean; text: string }>;
  onDelete: () => void;
}) {
  const id = () => props.channel.id;
  const check = () => checks()[id()];
  const handleCheck = async () => {
    const channelId = id();
    setChecks((all) => ({ ...all, [channelId]: 'pending' }));
    const result = await props.onCheck();
    setChecks((all) => ({ ...all, [channelId]: result }));
  };
  return (
    <>
      <div class="row">
        <button type="button" aria-label={`Edit ${props.channel.name}`} aria-expanded={props.editing} onClick={() => props.onToggleEdit()}>
          Edit
        </button>
        <button type="button" onClick={() => props.onSetEnabled(!props.channel.enabled)}>
          {props.channel.enabled ? `Disable ${props.channel.name}` : `Enable ${props.channel.name}`}
        </button>
        <button type="button" aria-label={`Check connection of ${props.channel.name}`} disabled={check() === 'pending'} onClick={() => void handleCheck()}>
          Check connection
        </button>
        <button type="button" class="danger" aria-label={`Delete ${props.channel.name}`} onClick={() => props.onDelete()}>
          Delete
        </button>
      </div>
      <Show when={check()} keyed>
        {(r) =>
          r === 'pending' ? (
            <p role="status">Checking the connection of {props.channel.name}…</p>
          ) : r.ok ? (
            <p role="status" class="check-ok">
              {r.text}
            </p>
          ) : (
            <p role="alert" class="form-error">
              Connection check failed: {r.text}
            </p>
          )
        }
      </Show>
    </>
  );
}
