import { contactFields } from '../db/contacts';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/** Puts the space's custom fields in the given order; `keys` must name each field exactly once. */
export function reorderContactFields(deps: CommandDeps, input: { spaceId: string; keys: string[] }) {
  deps.db.transaction(() => {
    const current = contactFields.list(deps.db, input.spaceId).map((f) => f.key);
    const unknown = input.keys.filter((k) => !current.includes(k));
    if (unknown.length) throw errors.badRequest(`keys: no field ${unknown.map((k) => `“${k}”`).join(', ')} in this space`);
    if (new Set(input.keys).size !== input.keys.length || input.keys.length !== current.length)
      throw errors.badRequest('keys: list every field of the space exactly once');
    input.keys.forEach((k, i) => contactFields.setPosition(deps.db, input.spaceId, k, i));
  })();
  deps.events.publish(input.spaceId, { type: 'contactFields.changed' });
}
