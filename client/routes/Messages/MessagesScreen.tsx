import { EmptyModule } from '../../components/EmptyModule';

export function MessagesScreen() {
  return <EmptyModule title="Messages" message="No conversations yet. When a customer writes on one of your channels, the conversation shows up here." />;
}
