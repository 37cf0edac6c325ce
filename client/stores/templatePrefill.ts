import { CONTACT } from '../../shared/sync/contactDoc';
import { docNames } from '../../shared/sync/docNames';
import { prefillFromContact } from '../../shared/domain/templatePrefill';
import { bindDocMap } from '../sync/bindDocMap';
import { createContactFieldsResource } from './contactFieldsStore';
import { createContactFieldValues } from './contactFieldValues';

/**
 * What the template picker pre-fills a variable with, from the contact's live doc (profile and
 * custom fields, readable offline) and the space's contact fields: by the variable's label.
 */
export function createTemplatePrefill(spaceId: string, contactId: () => string, fallbackName: () => string): (label: string) => string {
  const profile = bindDocMap<string>(() => docNames.contact(spaceId, contactId()), CONTACT.profile);
  const fields = createContactFieldValues(spaceId, contactId);
  const [defs] = createContactFieldsResource();
  return (label) => {
    const p = profile();
    return prefillFromContact(label, { name: p?.name || fallbackName(), phone: p?.phone, email: p?.email, company: p?.company, fields: fields() }, defs() ?? []);
  };
}
