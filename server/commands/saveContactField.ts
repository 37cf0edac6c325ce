import { contactFields } from '../db/contacts';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/** At most this many custom fields per space (the contact doc holds at most 50 values). */
export const CONTACT_FIELDS_MAX = 50;

/** Adds a custom contact field, or renames the label of an existing key. */
export function saveContactField(deps: CommandDeps, input: { spaceId: string; key: string; label: string }) {
  const saved = deps.db.transaction(() => {
    const existing = contactFields.get(deps.db, input.spaceId, input.key);
    if (existing) contactFields.relabel(deps.db, input.spaceId, input.key, input.label);
    else {
      if (contactFields.list(deps.db, input.spaceId).length >= CONTACT_FIELDS_MAX) throw errors.badRequest(`A space has at most ${CONTACT_FIELDS_MAX} contact fields. Delete one first.`);
      contactFields.insert(deps.db, input.spaceId, input.key, input.label);
    }
    return contactFields.get(deps.db, input.spaceId, input.key)!;
  })();
  deps.events.publish(input.spaceId, { type: 'contactFields.changed' });
  return saved;
}
