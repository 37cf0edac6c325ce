import type * as Y from 'yjs';
import { CONTACT, PROFILE_KEYS } from '../../shared/sync/contactDoc';
import type { DocRef } from '../../shared/sync/docNames';
import type { TxDeps } from '../conversations/transaction';
import type { Db } from '../db/connection';
import { contacts, type ContactProfile } from '../db/contacts';
import { conversations } from '../db/conversations';
import { search } from '../db/search';
import type { ContactDocListener, ContactRef } from './policy';

/** A contact never shows blank in lists: an emptied name keeps the previous one. */
export const UNKNOWN_NAME = 'Unknown';

/** The profile a contact doc holds now (tags sorted, only string field values). */
export function profileOfDoc(doc: Y.Doc): Omit<ContactProfile, 'name'> & { name: string } {
  const profile = doc.getMap(CONTACT.profile);
  const text = (key: string) => {
    const v = profile.get(key);
    return typeof v === 'string' ? v.trim() : '';
  };
  const fields: Record<string, string> = {};
  doc.getMap(CONTACT.fields).forEach((v, k) => {
    if (typeof v === 'string') fields[k] = v;
  });
  return {
    name: text('name'),
    phone: text('phone'),
    email: text('email'),
    company: text('company'),
    tags: [...doc.getMap(CONTACT.tags).keys()].sort((a, b) => a.localeCompare(b)),
    fields,
  };
}

/**
 * Writes a contact doc's profile, tags and fields into SQLite (the Contacts list, search and
 * workflows read them there) in one transaction, then tells the projections so the queue and
 * conversation docs show the new name. Returns the tags that were not there before.
 */
export function projectContactDoc(deps: TxDeps, ref: ContactRef, doc: Y.Doc): { addedTags: string[] } {
  const { db } = deps;
  const next = profileOfDoc(doc);
  const result = db.transaction(() => {
    const row = contacts.inSpace(db, ref.spaceId, ref.contactId);
    if (!row) return null;
    const before = contacts.profileOf(row);
    const name = next.name || before.name || UNKNOWN_NAME;
    const profile = { ...next, name };
    if (JSON.stringify(profile) === JSON.stringify(before)) return null;
    contacts.updateProfile(db, row.id, profile, deps.now());
    search.reindexContact(db, ref.spaceId, row.id);
    return { renamed: name !== before.name, addedTags: profile.tags.filter((t) => !before.tags.includes(t)) };
  })();
  if (!result) return { addedTags: [] };
  // The Contacts list and page follow profile changes live.
  deps.events.publish(ref.spaceId, { type: 'contacts.changed', contactId: ref.contactId });
  if (result.renamed) {
    const open = conversations.openForContact(db, ref.contactId);
    if (open) deps.events.publish(ref.spaceId, { type: 'conversation.changed', conversationId: open.id, contactId: ref.contactId });
  }
  return { addedTags: result.addedTags };
}

/** The listener for `createWritableDocPolicy`: projects accepted profile, tag and field edits. */
export function createProfileProjection(deps: TxDeps, onTagsAdded?: (ref: ContactRef, userId: string, tags: string[]) => void): ContactDocListener {
  return ({ ref, userId, doc, changes }) => {
    if (!changes.maps.has(CONTACT.profile) && !changes.maps.has(CONTACT.tags) && !changes.maps.has(CONTACT.fields)) return;
    const { addedTags } = projectContactDoc(deps, ref, doc);
    if (addedTags.length && onTagsAdded) onTagsAdded(ref, userId, addedTags);
  };
}

/**
 * Seeds a contact doc that has no profile yet from SQLite (name, phone, e-mail, company, tags,
 * fields), for the sync server's `onLoad` hook: contacts created by inbound messages, and
 * contacts that existed before profiles did, get a doc that shows what the server knows.
 * Runs inside the sync server's load, so the write is stored like any server write.
 */
export function seedContactDoc(db: Db, origin: unknown) {
  return (ref: DocRef, doc: Y.Doc): void => {
    if (ref.kind !== 'contact') return;
    if (doc.getMap(CONTACT.profile).size > 0) return;
    const row = contacts.inSpace(db, ref.spaceId, ref.contactId);
    if (!row) return;
    const p = contacts.profileOf(row);
    doc.transact(() => {
      const profile = doc.getMap(CONTACT.profile);
      for (const key of PROFILE_KEYS) if (p[key] || key === 'name') profile.set(key, p[key]);
      const tags = doc.getMap(CONTACT.tags);
      for (const t of p.tags) if (!tags.has(t)) tags.set(t, row.updated_at ?? row.created_at);
      const fields = doc.getMap(CONTACT.fields);
      for (const [k, v] of Object.entries(p.fields)) if (!fields.has(k)) fields.set(k, v);
    }, origin);
  };
}
