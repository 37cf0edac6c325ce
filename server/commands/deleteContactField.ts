import { contactFields } from '../db/contacts';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/** Deletes a custom field definition; values already in contact docs stay (re-adding the key shows them again). */
export function deleteContactField(deps: CommandDeps, input: { spaceId: string; key: string }) {
  deps.db.transaction(() => {
    if (contactFields.delete(deps.db, input.spaceId, input.key).changes === 0) throw errors.notFound(`The field “${input.key}”`);
  })();
  deps.events.publish(input.spaceId, { type: 'contactFields.changed' });
}
