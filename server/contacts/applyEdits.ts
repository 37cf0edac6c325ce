import { CONTACT, type CommentRecord } from '../../shared/sync/contactDoc';
import { docNames } from '../../shared/sync/docNames';
import type { Collab } from '../collab';
import type { Db } from '../db/connection';
import { contactDocEdits, type ContactDocEdit } from '../db/contacts';

/**
 * Applies the contact-doc edits that commands queued in SQLite (workflow tags and comments, a visitor's
 * name) to the contact docs, as server writes (they bypass the client rules in rules.ts: the server decided
 * them), then deletes them. Runs after the commit that queued them, and at start-up for leftovers.
 */
export function applyContactDocEdits(db: Db, collab: Pick<Collab, 'write'>, contactId?: string): void {
  const rows = contactDocEdits.pending(db, contactId);
  const byContact = new Map<string, typeof rows>();
  for (const r of rows) byContact.set(r.contact_id, [...(byContact.get(r.contact_id) ?? []), r]);
  for (const [id, list] of byContact) {
    try {
      collab.write(docNames.contact(list[0]!.space_id, id), (doc) => {
        for (const r of list) {
          const edit = JSON.parse(r.edit) as ContactDocEdit;
          if (edit.kind === 'addTag') {
            if (!doc.getMap(CONTACT.tags).has(edit.tag)) doc.getMap(CONTACT.tags).set(edit.tag, edit.at);
          } else if (edit.kind === 'removeTag') {
            doc.getMap(CONTACT.tags).delete(edit.tag);
          } else if (edit.kind === 'setName') {
            doc.getMap(CONTACT.profile).set('name', edit.name);
          } else if (edit.kind === 'setEmail') {
            if (!doc.getMap(CONTACT.profile).get('email')) doc.getMap(CONTACT.profile).set('email', edit.email);
          } else {
            const comment: CommentRecord = { id: edit.id, authorId: edit.authorId, body: edit.body, createdAt: edit.at, editedAt: null, deleted: false, deletedBy: null, replyTo: null };
            doc.getMap(CONTACT.comments).set(edit.id, comment);
          }
        }
      });
      contactDocEdits.done(
        db,
        list.map((r) => r.seq),
      );
    } catch (err) {
      console.error(`[contacts] could not apply queued edits to ${id}:`, err);
    }
  }
}
