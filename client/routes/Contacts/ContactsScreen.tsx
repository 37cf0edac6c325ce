import { useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createEffect, on, onCleanup, Show } from 'solid-js';
import { useSpace } from '../../stores/space';
import { ContactList } from './ContactList';
import { ContactPage } from './ContactPage';
import { createContactsList } from '../../stores/contactsStore';

/** The Contacts module: every contact (open conversation or not) and one contact's page. Keyboard: j/k. */
export function ContactsScreen() {
  const space = useSpace();
  const params = useParams<{ contactId?: string }>();
  const [search] = useSearchParams<{ comment?: string }>();
  const navigate = useNavigate();
  const list = createContactsList(space.spaceId);
  void list.reload();
  // New contacts, new messages (recent activity) and profile edits arrive live; bursts are coalesced.
  const changes = () => space.version('contacts.changed') + space.version('conversation.changed');
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  createEffect(on(changes, () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void list.refresh(), 500);
  }, { defer: true }));
  onCleanup(() => clearTimeout(refreshTimer));

  const handleKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, dialog, [contenteditable]') || event.metaKey || event.ctrlKey || event.altKey) return;
    if (event.key !== 'j' && event.key !== 'k') return;
    const items = list.items();
    const i = items.findIndex((c) => c.id === params.contactId);
    const next = items[Math.min(items.length - 1, Math.max(0, i + (event.key === 'j' ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    navigate(`/s/${space.spaceId()}/contacts/${next.id}`);
    // Keep the keyboard on the list: the selected row gets focus once rendered.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('.contacts-list [aria-current="true"]')?.focus());
  };
  document.addEventListener('keydown', handleKey);
  onCleanup(() => document.removeEventListener('keydown', handleKey));

  return (
    <main class="contacts" aria-labelledby="module-title">
      <h1 id="module-title" class="sr-only">
        Contacts
      </h1>
      <ContactList list={list} selectedId={params.contactId} />
      <Show
        when={params.contactId}
        keyed
        fallback={
          <section class="contact-page empty-pane">
            <p class="muted">Select a contact. Keyboard: j / k to move, Enter to open.</p>
          </section>
        }
      >
        {(id) => <ContactPage contactId={id} commentId={typeof search.comment === 'string' ? search.comment : undefined} />}
      </Show>
    </main>
  );
}
