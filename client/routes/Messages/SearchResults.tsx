import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { errorText } from '../../stores/errors';
import { createSearch } from '../../stores/searchStore';
import { useSpace } from '../../stores/space';

/** Full-text results (messages and contact names) for the queue's search box. */
export function SearchResults(props: { query: string }) {
  const space = useSpace();
  const results = createSearch(() => props.query);
  return (
    <div class="queue-scroll" role="region" aria-label="Search results">
      <Show when={!results.error} fallback={<p class="form-error pad">{errorText(results.error)}</p>}>
        <Show when={results() && results()!.length === 0}>
          <p class="empty-list">Nothing matches “{props.query}”.</p>
        </Show>
        <ul class="search-results">
          <For each={results()}>
            {(r) => (
              <li>
                <Show when={r.conversationId} fallback={<span>{r.snippet}</span>}>
                  <A href={`/s/${space.spaceId()}/messages/${r.conversationId}`} class="conv-row">
                    <span class="conv-main">
                      <strong>{r.contactName}</strong>
                      <span class="preview">{r.kind === 'contact' ? 'Contact' : r.snippet.replace(/\[|\]/g, '')}</span>
                    </span>
                  </A>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
