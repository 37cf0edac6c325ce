import { EmptyModule } from '../../components/EmptyModule';

export function SnippetsScreen() {
  return <EmptyModule title="Snippets" message="No snippets yet. Snippets are saved replies your team inserts by typing / in the composer." />;
}
