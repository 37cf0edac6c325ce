import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { deletedCommentRecord, editedCommentRecord, newCommentRecord } from '../../shared/domain/comments';
import { canDeleteComment, canEditComment } from '../../shared/domain/contactRules';
import type { Role } from '../../shared/domain/permissions';
import { CONTACT_LIMITS, fieldKey, profileValue, tagName } from '../../shared/schemas/contactDocSchema';
import { CONTACT, type CommentRecord, type ProfileKey } from '../../shared/sync/contactDoc';
import { docNames } from '../../shared/sync/docNames';
import { bindYMap } from '../sync/bindYMap';
import { acquireDoc, releaseDoc } from '../sync/docs';

/** Who is on this contact besides me (awareness on the contact doc). */
export interface PresencePeer {
  userId: string;
  name: string;
  /** Writing a comment. */
  typing: boolean;
  /** Writing a reply to the customer (the collision two agents must see). */
  replying: boolean;
}

export interface Me {
  userId: string;
  name: string;
  role: Role;
}

/** Client-made ids: a random UUID without dashes (32 characters, within the id rule). */
const newCommentId = () => crypto.randomUUID().replace(/-/g, '');

/** Typing stops counting this long after the last keystroke. */
const TYPING_IDLE_MS = 3000;

/**
 * The live contact doc `s.<space>.contact.<contactId>` (shared/sync/contactDoc.ts): profile,
 * tags, custom fields and comments as Solid stores; writes go to Yjs in one `transact` each and
 * produce records the server's rules (server/contacts/rules.ts) accept; presence by awareness.
 * Each write returns an error sentence, or null when it was made.
 */
export function createContactDoc(spaceId: string, contactId: string, me: Accessor<Me | undefined>) {
  const name = docNames.contact(spaceId, contactId);
  const { doc, provider } = acquireDoc(name);
  const maps = {
    profile: doc.getMap<string>(CONTACT.profile),
    tags: doc.getMap<number>(CONTACT.tags),
    fields: doc.getMap<string>(CONTACT.fields),
    comments: doc.getMap<CommentRecord>(CONTACT.comments),
  };
  const profile = bindYMap(maps.profile).store;
  const tags = bindYMap(maps.tags).store;
  const fields = bindYMap(maps.fields).store;
  const comments = bindYMap(maps.comments).store;

  // Presence: my state on this doc, and everyone else's (one entry per member, typing wins).
  const awareness = provider.awareness;
  const [others, setOthers] = createSignal<PresencePeer[]>([]);
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let replyingTimer: ReturnType<typeof setTimeout> | undefined;
  const activity = { typing: false, replying: false };
  const publish = (change: Partial<typeof activity> = {}) => {
    Object.assign(activity, change);
    const m = me();
    if (m) awareness.setLocalStateField('user', { userId: m.userId, name: m.name, ...activity });
  };
  const readOthers = () => {
    const byUser = new Map<string, PresencePeer>();
    for (const [clientId, state] of awareness.getStates()) {
      const user = (state as { user?: PresencePeer }).user;
      if (clientId === awareness.clientID || !user || typeof user.userId !== 'string' || user.userId === me()?.userId) continue;
      const seen = byUser.get(user.userId);
      byUser.set(user.userId, {
        userId: user.userId,
        name: String(user.name ?? 'Someone'),
        typing: Boolean(user.typing) || Boolean(seen?.typing),
        replying: Boolean(user.replying) || Boolean(seen?.replying),
      });
    }
    setOthers([...byUser.values()].sort((a, b) => a.name.localeCompare(b.name)));
  };
  awareness.on('change', readOthers);
  // Announce myself once the session is known (and again if it changes).
  createEffect(on(me, () => publish()));
  readOthers();
  onCleanup(() => {
    clearTimeout(typingTimer);
    clearTimeout(replyingTimer);
    awareness.off('change', readOthers);
    awareness.setLocalStateField('user', null);
    releaseDoc(name);
  });

  const transact = (fn: () => void) => doc.transact(fn);

  /** A new comment (or a reply to `replyTo`); `body` already holds `<@userId>` mention tokens. */
  function addComment(body: string, replyTo: string | null = null): string | null {
    const m = me();
    const text = body.trim();
    if (!m) return 'You are not signed in.';
    if (!text) return 'Write a comment first.';
    if (text.length > CONTACT_LIMITS.commentMax) return `Comments are at most ${CONTACT_LIMITS.commentMax} characters.`;
    const record = newCommentRecord({ id: newCommentId(), authorId: m.userId, body: text, at: Date.now(), replyTo });
    transact(() => maps.comments.set(record.id, record));
    publish({ typing: false });
    return null;
  }

  return {
    name,
    profile,
    tags,
    fields,
    comments,
    /** Other members on this contact now (never me, even from another tab). */
    others,
    /** Say I am typing a comment (it stops by itself after a few idle seconds). */
    typing(active: boolean) {
      clearTimeout(typingTimer);
      publish({ typing: active });
      if (active) typingTimer = setTimeout(() => publish({ typing: false }), TYPING_IDLE_MS);
    },
    /** Say I am writing a reply to this contact (it stops by itself after a few idle seconds). */
    replying(active: boolean) {
      clearTimeout(replyingTimer);
      if (activity.replying !== active) publish({ replying: active });
      if (active) replyingTimer = setTimeout(() => publish({ replying: false }), TYPING_IDLE_MS);
    },
    setProfileField(key: ProfileKey, value: string): string | null {
      const next = value.trim();
      if (!profileValue[key].safeParse(next).success) return `That is too long for ${key}.`;
      if ((maps.profile.get(key) ?? '') === next) return null;
      transact(() => maps.profile.set(key, next));
      return null;
    },
    addTag(tag: string): string | null {
      const parsed = tagName.safeParse(tag);
      if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Not a valid tag';
      if (maps.tags.has(parsed.data)) return null;
      if (maps.tags.size >= CONTACT_LIMITS.tagsMax) return `A contact has at most ${CONTACT_LIMITS.tagsMax} tags.`;
      transact(() => maps.tags.set(parsed.data, Date.now()));
      return null;
    },
    removeTag(tag: string) {
      if (maps.tags.has(tag)) transact(() => maps.tags.delete(tag));
    },
    setField(key: string, value: string): string | null {
      if (!fieldKey.safeParse(key).success) return 'Not a valid field';
      if (value.length > CONTACT_LIMITS.fieldValueMax) return `At most ${CONTACT_LIMITS.fieldValueMax} characters.`;
      const next = value.trim();
      if ((maps.fields.get(key) ?? '') === next) return null;
      if (next === '') transact(() => maps.fields.delete(key));
      else {
        if (!maps.fields.has(key) && maps.fields.size >= CONTACT_LIMITS.fieldsMax) return `A contact has at most ${CONTACT_LIMITS.fieldsMax} fields.`;
        transact(() => maps.fields.set(key, next));
      }
      return null;
    },
    addComment,
    /** Reply: a new comment pointing at `commentId` (its body mentions the author). */
    reply(commentId: string, body: string): string | null {
      return addComment(body, commentId);
    },
    editComment(id: string, body: string): string | null {
      const m = me();
      const prev = maps.comments.get(id);
      const text = body.trim();
      if (!m || !prev || prev.deleted || !canEditComment(m.userId, prev.authorId)) return 'Only the author can edit this comment.';
      if (!text) return 'A comment cannot be empty. Delete it instead.';
      if (text.length > CONTACT_LIMITS.commentMax) return `Comments are at most ${CONTACT_LIMITS.commentMax} characters.`;
      if (text === prev.body) return null;
      transact(() => maps.comments.set(id, editedCommentRecord(prev, text, Date.now())));
      return null;
    },
    deleteComment(id: string): string | null {
      const m = me();
      const prev = maps.comments.get(id);
      if (!m || !prev || prev.deleted) return null;
      if (!canDeleteComment(m.role, m.userId, prev.authorId)) return 'Only the author, an owner or a manager can delete this comment.';
      transact(() => maps.comments.set(id, deletedCommentRecord(prev, m.userId)));
      return null;
    },
  };
}

export type ContactDoc = ReturnType<typeof createContactDoc>;
