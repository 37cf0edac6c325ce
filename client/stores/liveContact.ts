import { createMemo } from 'solid-js';
import { createContactDoc, type Me } from './contactDocStore';
import { createContactFieldsResource } from './contactFieldsStore';
import { createMembersResource } from './membersStore';
import { providePresence } from './presenceStore';
import { useSession } from './session';
import { useSpace } from './space';

/**
 * Everything a live contact view needs (the Messages panel and the Contacts page): the contact
 * doc bound for this member, the space's members (mentions, names) and its custom fields.
 */
export function createLiveContact(contactId: string) {
  const space = useSpace();
  const session = useSession();
  const members = createMembersResource();
  const [fieldDefs] = createContactFieldsResource();
  const me = createMemo<Me | undefined>(() => {
    const user = session.me()?.user;
    const role = space.role();
    return user && role ? { userId: user.id, name: user.name, role } : undefined;
  });
  const contact = createContactDoc(space.spaceId(), contactId, me);
  providePresence(contactId, contact);
  return {
    contact,
    me,
    members: () => (members() ?? []).map((m) => ({ userId: m.userId, name: m.name })),
    fieldDefs: () => fieldDefs() ?? [],
  };
}
