import type { Accessor } from 'solid-js';
import { CONTACT } from '../../shared/sync/contactDoc';
import { docNames } from '../../shared/sync/docNames';
import { createDocMapReader } from '../sync/docMap';

/**
 * The custom field values of a contact, live from its contact doc (opened from IndexedDB, so they
 * work offline). Snippets fill `{{contact.fields.<key>}}` with them.
 */
export function createContactFieldValues(spaceId: string, contactId: Accessor<string | undefined>): Accessor<Record<string, string>> {
  const values = createDocMapReader<string, Record<string, string>>(
    () => {
      const id = contactId();
      return id ? docNames.contact(spaceId, id) : undefined;
    },
    CONTACT.fields,
    (map) => map.toJSON() as Record<string, string>,
  );
  return () => values() ?? {};
}
