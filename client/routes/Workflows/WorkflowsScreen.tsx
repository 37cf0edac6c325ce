import { EmptyModule } from '../../components/EmptyModule';

export function WorkflowsScreen() {
  return <EmptyModule title="Workflows" message="No workflows yet. Workflows assign conversations automatically, for example round robin among online agents." />;
}
