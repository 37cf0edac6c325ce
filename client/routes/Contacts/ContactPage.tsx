import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { errorText } from '../../stores/errors';
import { Comments } from '../../components/Comments';
import { ContactProfile } from '../../components/ContactProfile';
import { CHANNEL_KIND_LABELS, channelLabel, dayLabel } from '../../components/format';
import { Presence } from '../../components/Presence';
import { createContactRecord } from '../../stores/contactsStore';
import { createLiveContact } from '../../stores/liveContact';
import { useSpace } from '../../stores/space';

/**
 * One contact: the live profile (edited with the team), channels, conversation history with
 * closing notes, and the comments. `commentId` (from `?comment=`) is the comment to scroll to.
 */
export function ContactPage(props: { contactId: string; commentId: string | undefined }) {
  const space = useSpace();
  const contact = createContactRecord(() => props.contactId);
  // The live profile and comments: the contact doc, synced with everyone on this contact.
  const live = createLiveContact(props.contactId);
  const newestFirst = () => [...(contact()?.conversations ?? [])].reverse();

  return (
    <section class="contact-page" aria-labelledby="contact-name">
      <Show when={contact.error}>
        <p class="form-error" role="alert">
          {errorText(contact.error)}
        </p>
      </Show>
      <Show when={contact()}>
        {(c) => (
          <>
            <header class="contact-header">
              <h2 id="contact-name">{live.contact.profile.name || c().name}</h2>
              <Presence others={live.contact.others()} />
              <Show when={c().openConversationId}>
                {(id) => <A href={`/s/${space.spaceId()}/messages/${id()}`}>Go to the open conversation</A>}
              </Show>
            </header>
            <ContactProfile contact={live.contact} fallbackName={c().name} fieldDefs={live.fieldDefs()} />
            <section aria-labelledby="contact-channels">
              <h3 id="contact-channels">Channels</h3>
              <ul class="plain-list">
                <For each={c().channels} fallback={<li class="muted">No channels.</li>}>
                  {(ch) => (
                    <li>
                      {channelLabel(ch.name, CHANNEL_KIND_LABELS[ch.kind] ?? ch.kind)}
                      <Show when={ch.externalId}>
                        {(x) => <span class="muted"> ({x()})</span>}
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </section>
            <section aria-labelledby="contact-history">
              <h3 id="contact-history">Conversations</h3>
              <ul class="plain-list history" aria-label="Conversation history">
                <For each={newestFirst()} fallback={<li class="muted">No conversations yet.</li>}>
                  {(conv) => (
                    <li class="history-item">
                      <span>
                        <time datetime={new Date(conv.openedAt).toISOString()}>{dayLabel(conv.openedAt)}</time> ·{' '}
                        <span class="status">{conv.status === 'open' ? 'Open' : `Closed${conv.closedByName ? ` by ${conv.closedByName}` : ''}`}</span>
                      </span>
                      <Show when={conv.closingCategory || conv.closingSummary}>
                        <span class="closing-note">
                          Closing note: {[conv.closingCategory, conv.closingSummary].filter(Boolean).join(': ')}
                        </span>
                      </Show>
                      <Show when={conv.rating}>
                        {(r) => (
                          <span class="rating">
                            Customer rating: {r().score} of 5{r().comment ? ` — “${r().comment}”` : ''}
                          </span>
                        )}
                      </Show>
                      <A href={`/s/${space.spaceId()}/messages/${conv.id}`}>Open conversation</A>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          </>
        )}
      </Show>
      <Comments contact={live.contact} members={live.members()} me={live.me()} highlightId={props.commentId} />
    </section>
  );
}
