import { A } from '@solidjs/router';
import { createVirtualizer } from '@tanstack/solid-virtual';
import { createEffect, For, Show } from 'solid-js';
import { errorText } from '../../stores/errors';
import { initials } from '../../components/format';
import { useSpace } from '../../stores/space';
import type { createContactsList, ContactSort } from '../../stores/contactsStore';

/** The Contacts list pane: search, sort, and a virtualized list that loads pages as it scrolls. */
export function ContactList(props: { list: ReturnType<typeof createContactsList>; selectedId: string | undefined }) {
  const space = useSpace();
  let scroller: HTMLDivElement | undefined;
  const virtualizer = createVirtualizer({
    get count() {
      return props.list.items().length;
    },
    getScrollElement: () => scroller ?? null,
    estimateSize: () => 60,
    overscan: 8,
  });

  // Near the end of what is loaded: fetch the next page.
  createEffect(() => {
    const last = virtualizer.getVirtualItems().at(-1);
    if (last && last.index >= props.list.items().length - 10 && props.list.hasMore()) props.list.more();
  });

  let debounce: ReturnType<typeof setTimeout> | undefined;
  const handleSearch = (value: string) => {
    clearTimeout(debounce);
    debounce = setTimeout(() => props.list.search(value.trim()), 200);
  };

  const detail = (c: { phone: string; email: string }) => [c.phone, c.email].filter(Boolean).join(' · ');

  return (
    <section class="queue contacts-list" aria-label="Contacts">
      <div class="queue-search contacts-tools">
        <input type="search" aria-label="Search contacts" placeholder="Search contacts" onInput={(e) => handleSearch(e.currentTarget.value)} />
        <label>
          Sort{' '}
          <select aria-label="Sort" value={props.list.sort()} onChange={(e) => props.list.sortBy(e.currentTarget.value as ContactSort)}>
            <option value="name">Name</option>
            <option value="recent">Recent activity</option>
          </select>
        </label>
      </div>
      <Show when={props.list.error()}>
        <p class="form-error" role="alert">
          {errorText(props.list.error())}
        </p>
      </Show>
      <div class="queue-scroll" ref={scroller}>
        <Show
          when={props.list.items().length > 0}
          fallback={
            <p class="empty-list">
              {props.list.loading() ? 'Loading contacts…' : props.list.query() ? 'No contact matches this search.' : 'No contacts yet. Everyone who writes to your space becomes a contact here.'}
            </p>
          }
        >
          <ul class="rows" style={{ height: `${virtualizer.getTotalSize()}px` }}>
            <For each={virtualizer.getVirtualItems()}>
              {(v) => {
                const c = () => props.list.items()[v.index]!;
                return (
                  <li class="row-item" style={{ transform: `translateY(${v.start}px)`, height: `${v.size}px` }} data-index={v.index}>
                    <Show when={props.list.items()[v.index]}>
                      <A
                        href={`/s/${space.spaceId()}/contacts/${c().id}`}
                        class="conv-row"
                        classList={{ selected: c().id === props.selectedId }}
                        aria-current={c().id === props.selectedId ? 'true' : undefined}
                      >
                        <span class="avatar" aria-hidden="true">
                          {initials(c().name)}
                        </span>
                        <span class="conv-main">
                          <strong>{c().name}</strong>
                          <span class="preview">{detail(c()) || c().company}</span>
                          <Show when={c().tags.length > 0}>
                            <span class="tag-list">
                              <For each={c().tags}>{(t) => <span class="tag">{t}</span>}</For>
                            </span>
                          </Show>
                        </span>
                      </A>
                    </Show>
                  </li>
                );
              }}
            </For>
          </ul>
        </Show>
      </div>
    </section>
  );
}
