import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { CONTACT } from '../../shared/sync/contactDoc';
import { docNames } from '../../shared/sync/docNames';
import { acquireDoc, releaseDoc } from '../sync/docs';

/**
 * The custom field values of a contact, live from its contact doc (opened from IndexedDB, so they
 * work offline). Snippets fill `{{contact.fields.<key>}}` with them. The doc is shared with the
 * contact panel (acquireDoc is ref-counted).
 */
export function createContactFieldValues(spaceId: string, contactId: Accessor<string | undefined>): Accessor<Record<string, string>> {
  const [values, setValues] = createSignal<Record<string, string>>({});
  createEffect(() => {
    const id = contactId();
    if (!id) return;
    const name = docNames.contact(spaceId, id);
    const fields = acquireDoc(name).doc.getMap<string>(CONTACT.fields);
    const update = () => setValues(fields.toJSON() as Record<string, string>);
    update();
    fields.observe(update);
    onCleanup(() => {
      fields.unobserve(update);
      releaseDoc(name);
    });
  });
  return values;
}
