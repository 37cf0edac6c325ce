import type { SlaPolicy } from '../../shared/domain/sla';
import { trpc } from '../api/trpc';
import { createCachedSpaceList } from './cachedSpaceList';
import { createChannelsResource } from './settingsStore';
import { createMutation } from './mutation';
import { useSpace } from './space';

export type SlaPolicyInput = Omit<SlaPolicy, 'id'>;

/**
 * Settings → SLAs: the space's policies in order (every member reads them; cached for offline),
 * its channels for the conditions, and the changes owners and managers make: each refetches the
 * list once it worked, and says what was done or what was refused.
 */
export function createSlaSettings() {
  const space = useSpace();
  const [policies, { refetch }] = createCachedSpaceList('slaPolicies', 'sla.changed', (spaceId) => trpc.sla.list.query({ spaceId }));
  const [channels] = createChannelsResource();
  const mutation = createMutation({ after: () => refetch() });
  return {
    policies,
    channels: () => channels() ?? [],
    mutation,
    save: (input: SlaPolicyInput, policyId?: string) =>
      mutation.run(() => trpc.sla.save.mutate({ spaceId: space.spaceId(), ...input, ...(policyId ? { policyId } : {}) }), policyId ? `Saved ${input.name.trim()}.` : `Added ${input.name.trim()}.`, 'as well'),
    reorder: (policyIds: string[]) => mutation.run(() => trpc.sla.reorder.mutate({ spaceId: space.spaceId(), policyIds }), 'Order saved.'),
    remove: (policyId: string, name: string) => mutation.run(() => trpc.sla.delete.mutate({ spaceId: space.spaceId(), policyId }), `Deleted ${name}.`),
  };
}
