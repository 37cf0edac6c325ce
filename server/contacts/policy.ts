import type * as Y from 'yjs';
import type { Role } from '../../shared/domain/permissions';
import type { CONTACT } from '../../shared/sync/contactDoc';
import type { DocRef } from '../../shared/sync/docNames';
import { DRAFTS, type Draft } from '../../shared/sync/drafts';
import type { CollabOptions } from '../collab';
import type { Db } from '../db/connection';
import { contactFields } from '../db/contacts';
import { memberships } from '../db/spaces';
import { diffUpdate, dropShadow, type ContactDocChanges } from './diff';
import { draftsRefusal } from './draftRules';
import { refusal } from './rules';

export type ContactRef = Extract<DocRef, { kind: 'contact' }>;

/** Runs after an accepted client update of a contact doc, with what it changed (projections). */
export type ContactDocListener = (ctx: { ref: ContactRef; userId: string; doc: Y.Doc; changes: ContactDocChanges }) => void;

/**
 * The sync server's hooks for writable docs: every client update to a contact doc is tried on a
 * shadow copy first and refused unless `rules.ts` accepts all it changes; accepted changes are
 * handed to the listeners (profile projection, mention notifications). Drafts docs (private to
 * their owner: the ACL checks that) go through the same shadow and `draftRules.ts`.
 */
export function createWritableDocPolicy(db: Db, listeners: ContactDocListener[]): Pick<CollabOptions, 'validateUpdate' | 'onClientUpdate'> {
  // validateUpdate and onClientUpdate run back to back for one update, synchronously.
  const accepted = new WeakMap<Y.Doc, ContactDocChanges>();

  function judgeContact(ref: ContactRef, userId: string, doc: Y.Doc, update: Uint8Array): boolean | 'resync' {
    const role = memberships.roleOf(db, ref.spaceId, userId) as Role | undefined;
    if (!role) return false; // removed from the space while connected
    const changes = diffUpdate(doc, update);
    const facts = {
      tags: changes.maps.has('tags') ? sizeAfter(doc, changes, 'tags') : 0,
      fields: changes.maps.has('fields') ? sizeAfter(doc, changes, 'fields') : 0,
      fieldKeys: new Set(changes.maps.has('fields') ? contactFields.list(db, ref.spaceId).map((f) => f.key) : []),
    };
    const why = refusal(changes, { userId, role }, facts);
    if (why) {
      dropShadow(doc);
      console.warn(`[collab] refused an update of ${ref.spaceId}/${ref.contactId} from ${userId}: ${why}`);
      return changes.missingDependencies ? 'resync' : false;
    }
    accepted.set(doc, changes);
    return true;
  }

  function judgeDrafts(ref: Extract<DocRef, { kind: 'drafts' }>, userId: string, doc: Y.Doc, update: Uint8Array): boolean | 'resync' {
    if (ref.userId !== userId) return false;
    const changes = diffUpdate(doc, update, [DRAFTS.drafts]);
    let textLength = 0;
    doc.getMap<Draft>(DRAFTS.drafts).forEach((d) => (textLength += typeof d?.text === 'string' ? d.text.length : 0));
    const why = draftsRefusal(changes, { count: doc.getMap(DRAFTS.drafts).size, textLength });
    if (!why) return true;
    dropShadow(doc);
    console.warn(`[collab] refused an update of the drafts of ${userId} in ${ref.spaceId}: ${why}`);
    return changes.missingDependencies ? 'resync' : false;
  }

  return {
    validateUpdate({ ref, userId, doc, update }) {
      // Authority docs never reach here (the sync server drops client writes to them).
      if (ref.kind !== 'contact' && ref.kind !== 'drafts') return false;
      try {
        return ref.kind === 'contact' ? judgeContact(ref, userId, doc, update) : judgeDrafts(ref, userId, doc, update);
      } catch (err) {
        // Fail closed: an update nobody could judge is refused, and the shadow (which may already
        // hold it) is rebuilt from the live doc, so sending it again gets judged again.
        dropShadow(doc);
        accepted.delete(doc);
        console.error(`[collab] could not judge an update of ${ref.kind} doc in ${ref.spaceId} from ${userId}; refused:`, err);
        return false;
      }
    },
    onClientUpdate({ ref, userId, doc }) {
      if (ref.kind !== 'contact') return;
      const changes = accepted.get(doc);
      accepted.delete(doc);
      if (!changes) return;
      for (const listener of listeners) {
        try {
          listener({ ref, userId, doc, changes });
        } catch (err) {
          console.error(`[contacts] projection of ${ref.contactId} failed:`, err);
        }
      }
    },
  };
}

/** The size of a root map once the changes are applied (live size plus adds minus removals). */
function sizeAfter(doc: Y.Doc, changes: ContactDocChanges, root: typeof CONTACT.tags | typeof CONTACT.fields): number {
  let n = doc.getMap(root).size;
  for (const c of changes.maps.get(root) ?? []) {
    if (c.before === undefined && c.after !== undefined) n++;
    else if (c.before !== undefined && c.after === undefined) n--;
  }
  return n;
}
