import { createSignal, Show, type JSX } from 'solid-js';

type Check = { ok: boolean; text: string } | 'pending';
// Each channel's last "Check connection", by channel id: kept outside the card, which the channel
// list re-creates when it refetches (a check that ends after that still shows its answer).
const [checks, setChecks] = createSignal<Record<string, Check>>({});

/** What a channel card's actions do (providerChannelsStore's channels). */
interface ChannelCommands {
  setEnabled: (channelId: string, enabled: boolean) => unknown;
  checkConnection: (channelId: string) => Promise<{ ok: boolean; text: string }>;
  remove: (channelId: string) => unknown;
  announce: (notice: string) => unknown;
}

/**
 * A provider or e-mail channel card's actions (owners and managers): Edit (the card's own editor
 * below, one card at a time), Disable/Enable, Check connection (its answer in words under the
 * buttons, kept on the card) and Delete.
 */
export function ChannelActions(props: {
  channel: { id: string; name: string; enabled: boolean };
  channels: ChannelCommands;
  /** The id of the card being edited, and setting it (null: none). */
  editing: () => string | null;
  setEditing: (id: string | null) => void;
  /** The card's editor; it calls `onDone` with what to announce (null: cancelled). */
  editor: (onDone: (notice: string | null) => void) => JSX.Element;
}) {
  const editing = () => props.editing() === props.channel.id;
  const done = (notice: string | null) => {
    props.setEditing(null);
    if (notice) void props.channels.announce(notice);
  };
  const id = () => props.channel.id;
  const check = () => checks()[id()];
  const handleCheck = async () => {
    const channelId = id();
    setChecks((all) => ({ ...all, [channelId]: 'pending' }));
    const result = await props.channels.checkConnection(channelId);
    setChecks((all) => ({ ...all, [channelId]: result }));
  };
  return (
    <>
      <div class="row">
        <button type="button" aria-label={`Edit ${props.channel.name}`} aria-expanded={editing()} onClick={() => props.setEditing(editing() ? null : id())}>
          Edit
        </button>
        <button type="button" onClick={() => void props.channels.setEnabled(id(), !props.channel.enabled)}>
          {props.channel.enabled ? `Disable ${props.channel.name}` : `Enable ${props.channel.name}`}
        </button>
        <button type="button" aria-label={`Check connection of ${props.channel.name}`} disabled={check() === 'pending'} onClick={() => void handleCheck()}>
          Check connection
        </button>
        <button type="button" class="danger" aria-label={`Delete ${props.channel.name}`} onClick={() => void props.channels.remove(id())}>
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
      <Show when={editing()}>{props.editor(done)}</Show>
    </>
  );
}
