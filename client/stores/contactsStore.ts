import { createResource, createSignal } from 'solid-js';
import { trpc } from '../api/trpc';
import { useSpace } from './space';

export type ContactSort = 'name' | 'recent';
type ContactItem = Awaited<ReturnType<typeof trpc.contacts.list.query>>['items'][number];

const PAGE = 100;
/** The largest page contacts.list serves. */
const MAX_PAGE = 200;

/**
 * All contacts of a space for the Contacts list, fetched page by page with the server's cursor:
 * a new search or sort starts over; `more()` appends the next page (called as the list scrolls).
 */
export function createContactsList(spaceId: () => string) {
  const [items, setItems] = createSignal<ContactItem[]>([]);
  const [next, setNext] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  const [query, setQuery] = createSignal('');
  const [sort, setSort] = createSignal<ContactSort>('name');
  // Answers of an older search or sort are dropped.
  let generation = 0;

  async function load(reset: boolean, limit = PAGE) {
    const gen = reset ? ++generation : generation;
    const cursor = reset ? undefined : (next() ?? undefined);
    if (!reset && !cursor) return;
    setLoading(true);
    try {
      const page = await trpc.contacts.list.query({ spaceId: spaceId(), query: query() || undefined, sort: sort(), cursor, limit });
      if (gen !== generation) return;
      setItems((prev) => (reset ? page.items : [...prev, ...page.items]));
      setNext(page.next);
      setError(null);
    } catch (err) {
      if (gen === generation) setError(err);
    } finally {
      if (gen === generation) setLoading(false);
    }
  }

  return {
    items,
    loading,
    error,
    query,
    sort,
    hasMore: () => next() !== null,
    search(q: string) {
      setQuery(q);
      void load(true);
    },
    sortBy(s: ContactSort) {
      setSort(s);
      void load(true);
    },
    more() {
      if (!loading()) void load(false);
    },
    reload: () => load(true),
    /** Something changed on the server: the rows already shown are fetched again (up to a page the server allows). */
    refresh: () => load(true, Math.min(MAX_PAGE, Math.max(PAGE, items().length))),
  };
}

/** One contact's server-side record (channels, conversations with closing notes), refetched when its profile or conversations change. */
export function createContactRecord(contactId: () => string) {
  const space = useSpace();
  const [contact] = createResource(
    () => ({ spaceId: space.spaceId(), contactId: contactId(), v: space.version('contacts.changed') + space.version('conversation.changed') }),
    ({ spaceId, contactId }) => trpc.contacts.get.query({ spaceId, contactId }),
  );
  return contact;
}
