import { isWorkflowAuthor } from '../../shared/domain/comments';
import { createEffect, createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { canDeleteComment, canEditComment } from '../../shared/domain/contactRules';
import { bodyParts } from '../../shared/domain/mentions';
import type { CommentRecord } from '../../shared/sync/contactDoc';
import type { ContactDoc, Me } from '../stores/contactDocStore';
import { ConfirmDialog } from './ConfirmDialog';
import { relativeTime } from './format';
import { MentionInput } from './MentionInput';
import { toDisplay, toTokens, type MentionMember } from './mentionText';

/** A comment body: text, and mentions as the member's current name, highlighted. */
function CommentBody(props: { body: string; nameOf: (userId: string) => string; meId: string | undefined }) {
  return (
    <p class="comment-body">
      <For each={bodyParts(props.body)}>
        {(part) =>
          part.kind === 'text' ? (
            part.text
          ) : (
            // Announced as a mention ("mention, @Bob Agent"), not as "at Bob Agent".
            <mark class="mention" aria-roledescription="mention" classList={{ me: part.userId === props.meId }}>
              @{props.nameOf(part.userId)}
            </mark>
          )
        }
      </For>
    </p>
  );
}

/**
 * The contact's comments (internal notes, never sent to the customer), oldest first, on the warm
 * comment background; a composer with @mentions; Reply, Edit and Delete per comment.
 */
export function Comments(props: { contact: ContactDoc; members: MentionMember[]; me: Me | undefined; highlightId?: string | undefined }) {
  const [text, setText] = createSignal('');
  const [picked, setPicked] = createSignal<string[]>([]);
  const [replyTo, setReplyTo] = createSignal<CommentRecord | null>(null);
  const [editing, setEditing] = createSignal<{ id: string; text: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(tick));
  let composer: HTMLTextAreaElement | undefined;
  const items = new Map<string, HTMLElement>();

  // You can't usefully mention yourself (it notifies nobody): the autocomplete leaves you out.
  const mentionable = () => props.members.filter((m) => m.userId !== props.me?.userId);
  const nameOf = (userId: string) => props.members.find((m) => m.userId === userId)?.name ?? (isWorkflowAuthor(userId) ? 'A workflow' : 'A former member');
  const list = createMemo(() =>
    Object.values(props.contact.comments)
      .filter((c): c is CommentRecord => Boolean(c))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
  );

  createEffect(() => {
    const id = props.highlightId;
    if (!id || !props.contact.comments[id]) return;
    queueMicrotask(() => items.get(id)?.scrollIntoView({ block: 'center' }));
  });

  const post = () => {
    const body = toTokens(text(), props.members, picked());
    const reply = replyTo();
    const why = reply ? props.contact.reply(reply.id, body) : props.contact.addComment(body);
    setError(why);
    if (why) return;
    setText('');
    setPicked([]);
    setReplyTo(null);
  };
  const startReply = (c: CommentRecord) => {
    setReplyTo(c);
    const prefix = `@${nameOf(c.authorId)} `;
    // A half-written note stays: the mention goes in front of it.
    const draft = text().startsWith(prefix) ? text().slice(prefix.length) : text();
    setText(prefix + draft);
    setPicked((p) => [...p, c.authorId]);
    queueMicrotask(() => {
      composer?.focus();
      composer?.setSelectionRange(prefix.length + draft.length, prefix.length + draft.length);
    });
  };
  const saveEdit = () => {
    const e = editing();
    if (!e) return;
    const why = props.contact.editComment(e.id, toTokens(e.text, props.members, picked()));
    setError(why);
    if (!why) setEditing(null);
  };
  const remove = () => {
    const id = confirmDelete();
    setConfirmDelete(null);
    if (id) setError(props.contact.deleteComment(id));
  };

  return (
    <section class="comments" aria-labelledby="comments-title">
      <h3 id="comments-title">Comments</h3>
      <p class="muted small">Internal notes for your team. The contact never sees them.</p>
      <ol class="comment-list" aria-label="Comments">
        <For each={list()} fallback={<li class="muted">No comments yet. Mention a teammate with @ to ask for help.</li>}>
          {(c) => (
            <li
              ref={(el) => items.set(c.id, el)}
              class="comment"
              classList={{ highlight: c.id === props.highlightId, deleted: c.deleted }}
              aria-label={`Comment by ${nameOf(c.authorId)}`}
            >
              <div class="comment-meta">
                <strong>{nameOf(c.authorId)}</strong>
                <time dateTime={new Date(c.createdAt).toISOString()} title={new Date(c.createdAt).toLocaleString()}>
                  {relativeTime(c.createdAt, now())}
                </time>
                <Show when={c.editedAt && !c.deleted}>
                  <span class="muted">edited</span>
                </Show>
                <Show when={c.replyTo && props.contact.comments[c.replyTo!]}>
                  <span class="muted">↳ reply to {nameOf(props.contact.comments[c.replyTo!]!.authorId)}</span>
                </Show>
              </div>
              <Show
                when={!c.deleted}
                fallback={
                  <p class="comment-body muted">
                    <em>Comment deleted{c.deletedBy && c.deletedBy !== c.authorId ? ` by ${nameOf(c.deletedBy)}` : ''}</em>
                  </p>
                }
              >
                <Show when={editing()?.id === c.id} fallback={<CommentBody body={c.body} nameOf={nameOf} meId={props.me?.userId} />}>
                  <MentionInput
                    label="Edit comment"
                    value={editing()!.text}
                    onInput={(v) => setEditing({ id: c.id, text: v })}
                    onSubmit={saveEdit}
                    onCancel={() => setEditing(null)}
                    onPick={(m) => setPicked((p) => [...p, m.userId])}
                    members={mentionable()}
                    ref={(el) => queueMicrotask(() => el.focus())}
                  />
                  <div class="comment-actions">
                    <button type="button" class="primary" onClick={saveEdit}>
                      Save
                    </button>
                    <button type="button" onClick={() => setEditing(null)}>
                      Cancel
                    </button>
                  </div>
                </Show>
                <Show when={editing()?.id !== c.id}>
                  <div class="comment-actions">
                    <button type="button" onClick={() => startReply(c)}>
                      Reply
                    </button>
                    <Show when={props.me && canEditComment(props.me.userId, c.authorId)}>
                      <button type="button" onClick={() => setEditing({ id: c.id, text: toDisplay(c.body, nameOf) })}>
                        Edit
                      </button>
                    </Show>
                    <Show when={props.me && canDeleteComment(props.me.role, props.me.userId, c.authorId)}>
                      <button type="button" onClick={() => setConfirmDelete(c.id)}>
                        Delete
                      </button>
                    </Show>
                  </div>
                </Show>
              </Show>
            </li>
          )}
        </For>
      </ol>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="comment-composer">
        <Show when={replyTo()}>
          {(r) => (
            <p class="replying muted small">
              Replying to {nameOf(r().authorId)}{' '}
              <button type="button" class="link" onClick={() => setReplyTo(null)}>
                Cancel reply
              </button>
            </p>
          )}
        </Show>
        <MentionInput
          label="Comment"
          value={text()}
          onInput={(v) => {
            setText(v);
            props.contact.typing(v.trim() !== '');
          }}
          onSubmit={post}
          onPick={(m) => setPicked((p) => [...p, m.userId])}
          members={mentionable()}
          placeholder="Internal comment — @ to mention, Enter to post, Shift+Enter for a new line"
          ref={(el) => (composer = el)}
        />
        <button type="button" onClick={post} disabled={text().trim() === ''}>
          Post comment
        </button>
      </div>
      <ConfirmDialog
        open={confirmDelete() !== null}
        title="Delete this comment?"
        message="It will read “Comment deleted” for everyone in the space."
        confirmLabel="Delete comment"
        onConfirm={remove}
        onCancel={() => setConfirmDelete(null)}
      />
    </section>
  );
}
