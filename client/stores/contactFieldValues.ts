import type { Accessor } from 'solid-js';
import { CONTACT } from '../../shared/sync/contactDoc';
import { docNames } from '../../shared/sync/docNames';
import { bindDocMap } from '../sync/bindDocMap';

/**
 * The custom field values of a contact, live from its contact doc (opened from IndexedDB, so they
 * work offline). Snippets fill `{{contact.fields.<key>}}` with them.
 */
export function createContactFieldValues(spaceId: string, contactId: Accessor<string | undefined>): Accessor<Record<string, string>> {
  const values = bindDocMap<string>(() => {
    const id = contactId();
    return id ? docNames.contact(spaceId, id) : undefined;
  }, CONTACT.fields);
  return () => values() ?? {};
}
