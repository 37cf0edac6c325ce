import { createSignal, onCleanup, Show } from 'solid-js';
import type { QueueItem } from '../../../shared/sync/shapes';
import { Comments } from '../../components/Comments';
import { ContactProfile } from '../../components/ContactProfile';
import { initials } from '../../components/format';
import { Presence } from '../../components/Presence';
import { createLiveContact } from '../../stores/liveContact';
import { PaneBack } from '../../components/PaneBack';

type PanelItem = Pick<QueueItem, 'contactId' | 'contactName' | 'channelName' | 'assigneeName'>;

/** One contact's live doc: profile, presence and comments (recreated when the contact changes). */
function ContactBody(props: { contactId: string; item: PanelItem; highlightCommentId?: string | undefined }) {
  const live = createLiveContact(props.contactId);
  const name = () => live.contact.profile.name || props.item.contactName;

  return (
    <>
      <div class="contact-head">
        <span class="avatar big" aria-hidden="true">
          {initials(name())}
        </span>
        <h2 tabindex="-1">{name()}</h2>
      </div>
      <Presence others={live.contact.others()} />
      <dl>
        <dt>Channel</dt>
        <dd>{props.item.channelName}</dd>
        <dt>Assignee</dt>
        <dd>{props.item.assigneeName ?? 'Unassigned'}</dd>
      </dl>
      <ContactProfile contact={live.contact} fallbackName={props.item.contactName} fieldDefs={live.fieldDefs()} channels={[{ name: props.item.channelName }]} />
      <Comments contact={live.contact} members={live.members()} me={live.me()} highlightId={props.highlightCommentId} />
    </>
  );
}

/** The right pane: who the customer is, who has the conversation, and the team's comments. */
export function ContactPanel(props: { item: PanelItem | undefined; highlightCommentId?: string | undefined; onBack: () => void }) {
  const painted = afterPaint();
  return (
    <aside class="contact-panel" aria-label="Contact">
      <PaneBack label="Back to conversation" onClick={() => props.onBack()} />
      <Show when={props.item} fallback={<p class="muted">Select a conversation to see the contact.</p>}>
        {(item) => (
          <Show when={painted(item().contactId)} keyed>
            {(contactId) => <ContactBody contactId={contactId} item={item()} highlightCommentId={props.highlightCommentId} />}
          </Show>
        )}
      </Show>
    </aside>
  );
}

/**
 * A value that is passed on only once the frame after it first appeared has been painted and the
 * page is idle: the contact's details (profile, comments, their doc) are built after the
 * conversation that opened them is on screen, not in the same task or while its doc arrives,
 * where they made opening a conversation slower by their own cost. The same value again (a
 * re-render) passes at once.
 */
function afterPaint(): (value: string | undefined) => string | undefined {
  const [ready, setReady] = createSignal<string | undefined>();
  let waiting: string | undefined;
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle = 0;
  const cancel = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    if (idle) cancelIdleCallback(idle);
    idle = 0;
  };
  onCleanup(cancel);
  return (value) => {
    if (value === undefined || value === ready()) return value;
    if (value !== waiting) {
      waiting = value;
      cancel();
      // When the page is idle (the conversation's doc arrives and renders first), at the latest 500 ms on.
      const show = () => setReady(value);
      frame = requestAnimationFrame(() => {
        if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(show, { timeout: 500 });
        else timer = setTimeout(show);
      });
    }
    return undefined;
  };
}
