import { createMemo, Show } from 'solid-js';
import type { QueueItem } from '../../../shared/sync/shapes';
import { Comments } from '../../components/Comments';
import { ContactProfile } from '../../components/ContactProfile';
import { initials } from '../../components/format';
import { Presence } from '../../components/Presence';
import { createContactDoc, type Me } from '../../stores/contactDoc';
import { createMembersResource } from '../../stores/members';
import { useSession } from '../../stores/session';
import { useSpace } from '../../stores/space';

type PanelItem = Pick<QueueItem, 'contactId' | 'contactName' | 'channelName' | 'assigneeName'>;

/** One contact's live doc: profile, presence and comments (recreated when the contact changes). */
function ContactBody(props: { contactId: string; item: PanelItem; highlightCommentId?: string | undefined }) {
  const space = useSpace();
  const session = useSession();
  const members = createMembersResource();
  const me = createMemo<Me | undefined>(() => {
    const user = session.me()?.user;
    const role = space.role();
    return user && role ? { userId: user.id, name: user.name, role } : undefined;
  });
  const contact = createContactDoc(space.spaceId(), props.contactId, me);
  const memberList = () => (members() ?? []).map((m) => ({ userId: m.userId, name: m.name }));
  const name = () => contact.profile.name || props.item.contactName;

  return (
    <>
      <div class="contact-head">
        <span class="avatar big" aria-hidden="true">
          {initials(name())}
        </span>
        <h2>{name()}</h2>
      </div>
      <Presence others={contact.others()} />
      <dl>
        <dt>Channel</dt>
        <dd>{props.item.channelName}</dd>
        <dt>Assignee</dt>
        <dd>{props.item.assigneeName ?? 'Unassigned'}</dd>
      </dl>
      <ContactProfile contact={contact} fallbackName={props.item.contactName} channels={[{ name: props.item.channelName }]} />
      <Comments contact={contact} members={memberList()} me={me()} highlightId={props.highlightCommentId} />
    </>
  );
}

/** The right pane: who the customer is, who has the conversation, and the team's comments. */
export function ContactPanel(props: { item: PanelItem | undefined; highlightCommentId?: string | undefined }) {
  return (
    <aside class="contact-panel" aria-label="Contact">
      <Show when={props.item} fallback={<p class="muted">Select a conversation to see the contact.</p>}>
        {(item) => (
          <Show when={item().contactId} keyed>
            {(contactId) => <ContactBody contactId={contactId} item={item()} highlightCommentId={props.highlightCommentId} />}
          </Show>
        )}
      </Show>
    </aside>
  );
}
