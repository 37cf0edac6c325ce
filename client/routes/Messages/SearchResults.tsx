import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { plural } from '../../components/format';
import { errorText } from '../../stores/errors';
import { createSearch } from '../../stores/searchStore';
import { useSpace } from '../../stores/space';

/** Text with the matched words in <mark>: pieces from the server, rendered as text, never as HTML. */
function Highlighted(props: { parts: Array<{ text: string; match: boolean }> }) {
  return <For each={props.parts}>{(p) => (p.match ? <mark>{p.text}</mark> : p.text)}</For>;
}

/** Full-text results (messages and contact names) for the queue's search box: how many, matches marked. */
export function SearchResults(props: { query: string }) {
  const space = useSpace();
  const results = createSearch(() => props.query);
  return (
    <div class="queue-scroll" role="region" aria-label="Search results">
      <Show when={!results.error} fallback={<p class="form-error pad">{errorText(results.error)}</p>}>
        <Show when={results()}>
          {(list) => (
            <p class="search-count muted" role="status">
              {list().length === 0 ? `Nothing matches “${props.query}”.` : `${plural(list().length, 'result')}${list().length >= 50 ? ' (the newest 50)' : ''}`}
            </p>
          )}
        </Show>
        <ul class="search-results">
          <For each={results()}>
            {(r) => (
              <li>
                <Show
                  when={r.conversationId}
                  fallback={
                    <span class="conv-row">
                      <Highlighted parts={r.parts} />
                    </span>
                  }
                >
                  <A href={`/s/${space.spaceId()}/messages/${r.conversationId}`} class="conv-row">
                    <span class="conv-main">
                      <strong>{r.contactName}</strong>
                      <span class="preview">
                        <Show when={r.kind === 'contact'}>Contact: </Show>
                        <Highlighted parts={r.parts} />
                      </span>
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
