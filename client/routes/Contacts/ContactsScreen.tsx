import { EmptyModule } from '../../components/EmptyModule';

export function ContactsScreen() {
  return <EmptyModule title="Contacts" message="No contacts yet. Everyone who writes to your space becomes a contact here." />;
}
