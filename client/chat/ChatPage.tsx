import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { MESSAGE_LIMITS } from '../../shared/domain/messageLimits';
import { RATING_COMMENT_MAX, RATING_WORDS } from '../../shared/domain/satisfaction';
import { chatApi, errorText, uploadFile } from './chatStore';
import { clockTime, fileSize } from '../components/format';
import { AttachFileButton } from '../components/AttachFileButton';
import { FileIcon } from '../components/Icons';

interface Line {
  id: string;
  direction: 'in' | 'out';
  body: string;
  authorName: string | null;
  at: number;
  clientId: string | null;
  files: Array<{ id: string; name: string; mime: string; size: number }>;
  state?: 'sending' | 'failed';
}

/** The visitor's chat: optional name, messages, the agents' replies live. */
export function ChatPage(props: { channelKey: string }) {
  const api = chatApi(() => props.channelKey);
  const [hello] = createResource(() => api.hello());
  const [lines, setLines] = createStore<Line[]>([]);
  const [name, setName] = createSignal('');
  const [text, setText] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  /** The latest conversation, closed, on a chat that asks for a rating (and the rating once given). */
  const [rating, setRating] = createSignal<{ conversationId: string; rated: { score: number; comment: string | null } | null } | null>(null);
  const [score, setScore] = createSignal<number | null>(null);
  const [comment, setComment] = createSignal('');
  const [ratingError, setRatingError] = createSignal<string | null>(null);
  let list: HTMLOListElement | undefined;

  const merge = (server: Line[]) => {
    const known = new Set(server.map((l) => l.clientId));
    const local = lines.filter((l) => l.state && !known.has(l.clientId));
    setLines([...server, ...local]);
    queueMicrotask(() => list && (list.scrollTop = list.scrollHeight));
  };
  const refresh = async () => {
    const seenBefore = new Set(lines.map((l) => l.id));
    const { messages, rating: asked } = await api.transcript();
    merge(messages);
    setRating(asked);
    // The agents see ✓✓ once a reply has reached this page.
    if (messages.some((m) => m.direction === 'out' && !seenBefore.has(m.id))) void api.markSeen().catch(() => undefined);
  };

  let sub: { unsubscribe(): void } | undefined;
  const listen = () => {
    sub?.unsubscribe();
    sub = api.listen(() => void refresh());
  };
  onCleanup(() => sub?.unsubscribe());

  // After hello (which sets the visitor cookie) the transcript and the live channel start.
  const ready = () => {
    const h = hello();
    if (h && !sub) {
      merge(h.messages);
      setRating(h.rating);
      if (h.visitorName) setName(h.visitorName);
      listen();
    }
    return h;
  };

  const [progress, setProgress] = createSignal<number | null>(null);
  const send = async (body: string, clientId = crypto.randomUUID().replace(/-/g, ''), files: Line['files'] = []) => {
    setError(null);
    const existing = lines.findIndex((l) => l.clientId === clientId);
    if (existing >= 0) setLines(existing, 'state', 'sending');
    else setLines(lines.length, { id: clientId, direction: 'in', body, authorName: null, at: Date.now(), clientId, files, state: 'sending' });
    try {
      await api.send({ body, clientId, name: name().trim() || undefined, fileIds: files.map((f) => f.id) });
      await refresh();
      // The first message creates the visitor's conversation: listen for replies from now on.
      listen();
    } catch (err) {
      const i = lines.findIndex((l) => l.clientId === clientId);
      if (i >= 0) setLines(i, 'state', 'failed');
      setError(errorText(err));
    }
  };

  const attach = async (file: File) => {
    setError(null);
    setProgress(0);
    try {
      const ref = await uploadFile(`/chat/${props.channelKey}/files`, file, setProgress).promise;
      await send('', undefined, [ref]);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setProgress(null);
    }
  };

  const sendRating = async (e: SubmitEvent) => {
    e.preventDefault();
    const asked = rating();
    const chosen = score();
    if (!asked) return;
    if (chosen === null) return setRatingError('Pick a rating from 1 to 5.');
    setRatingError(null);
    try {
      const rated = await api.rate(asked.conversationId, chosen, comment().trim() || null);
      setRating({ conversationId: asked.conversationId, rated });
    } catch (err) {
      setRatingError(errorText(err));
    }
  };

  const handleKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  };
  const submit = () => {
    const body = text().trim();
    if (!body) return;
    setText('');
    void send(body);
  };

  return (
    <main class="chat">
      <Show when={!hello.error} fallback={<p role="alert" class="chat-error">{errorText(hello.error)}</p>}>
        <header>
          <h1>{ready()?.channelName ?? 'Chat'}</h1>
          <p>We usually answer within minutes.</p>
        </header>
        <div class="chat-name field">
          <label for="visitor-name">Your name (optional)</label>
          <input id="visitor-name" maxLength={MESSAGE_LIMITS.visitorNameMax} value={name()} onInput={(e) => setName(e.currentTarget.value)} autocomplete="name" />
        </div>
        <ol ref={list} class="chat-lines" aria-label="Messages" aria-live="polite">
          <For each={lines}>
            {(l) => (
              <li class={`chat-line ${l.direction === 'in' ? 'me' : 'agent'}`} classList={{ failed: l.state === 'failed' }}>
                <Show when={l.direction === 'out'}>
                  <span class="who">{l.authorName ?? 'Support'}</span>
                </Show>
                <Show when={l.body}>
                  <p>{l.body}</p>
                </Show>
                <For each={l.files}>
                  {(f) =>
                    f.mime.startsWith('image/') ? (
                      <img src={`/files/${f.id}`} alt={f.name} class="chat-image" />
                    ) : (
                      <a href={`/files/${f.id}?download=1`} download={f.name}>
                        <FileIcon class="file-icon" />
                        {f.name} ({fileSize(f.size)})
                      </a>
                    )
                  }
                </For>
                <small>
                  {l.state === 'sending' ? 'Sending…' : l.state === 'failed' ? 'Not sent' : clockTime(l.at)}
                  <Show when={l.state === 'failed'}>
                    {' '}
                    <button type="button" onClick={() => void send(l.body, l.clientId!, [...l.files])}>
                      Retry
                    </button>
                  </Show>
                </small>
              </li>
            )}
          </For>
        </ol>
        <Show when={rating()}>
          {(asked) => (
            <Show
              when={!asked().rated}
              fallback={
                <p class="chat-rating-thanks" role="status">
                  Thank you for your rating: {asked().rated!.score} of 5.
                </p>
              }
            >
              <form class="chat-rating" aria-labelledby="rating-title" onSubmit={(e) => void sendRating(e)} novalidate>
                <h2 id="rating-title">How did we do?</h2>
                <fieldset>
                  <legend>Your rating of this conversation</legend>
                  <div class="rating-choices">
                    <For each={[1, 2, 3, 4, 5]}>
                      {(n) => (
                        <label class="rating-choice">
                          <input type="radio" name="rating" value={n} checked={score() === n} onChange={() => setScore(n)} />
                          <span>
                            {n}
                            <small>{RATING_WORDS[n]}</small>
                          </span>
                        </label>
                      )}
                    </For>
                  </div>
                </fieldset>
                <label for="rating-comment">Anything to add? (optional)</label>
                <textarea id="rating-comment" rows={2} maxLength={RATING_COMMENT_MAX} value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
                <Show when={ratingError()}>
                  <p role="alert" class="chat-error">
                    {ratingError()}
                  </p>
                </Show>
                <button type="submit">Send rating</button>
              </form>
            </Show>
          )}
        </Show>
        <Show when={progress() !== null}>
          <progress class="chat-progress" max="1" value={progress() ?? 0} aria-label="Uploading file" />
        </Show>
        <Show when={error()}>
          <p role="alert" class="chat-error">
            {error()}
          </p>
        </Show>
        <form
          class="chat-composer"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label for="chat-message" class="sr-only">
            Message
          </label>
          <textarea id="chat-message" rows={2} placeholder="Write a message…" maxLength={MESSAGE_LIMITS.bodyMax} value={text()} onInput={(e) => setText(e.currentTarget.value)} onKeyDown={handleKey} />
          <AttachFileButton class="secondary" multiple={false} disabled={progress() !== null} onFiles={([f]) => void attach(f!)} />
          <button type="submit" disabled={!text().trim()}>
            Send
          </button>
        </form>
      </Show>
    </main>
  );
}
