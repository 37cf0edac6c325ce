import { createSignal } from 'solid-js';
import type { MemberStatus } from '../../shared/schemas/authSchema';
import { trpc } from '../api/trpc';
import { createMutation } from './mutation';
import { useSession } from './session';
import { useSpace } from './space';

/**
 * The signed-in member's own status in this space (online / away), as the rail's switch shows and
 * changes it. Away: workflows' online-only assignment skips them. The switch moves at once and
 * moves back, with the reason in words, if Kaon refuses or cannot be reached.
 */
export function createMemberStatus() {
  const space = useSpace();
  const session = useSession();
  const [optimistic, setOptimistic] = createSignal<MemberStatus | null>(null);
  const mutation = createMutation();
  const status = (): MemberStatus => optimistic() ?? space.membership()?.status ?? 'online';
  const set = async (next: MemberStatus) => {
    setOptimistic(next);
    const worked = await mutation.run(() => trpc.members.setStatus.mutate({ spaceId: space.spaceId(), status: next }));
    // The session now carries the stored status (or the old one, after a refusal).
    if (worked) await session.refresh();
    setOptimistic(null);
  };
  return { status, set, error: mutation.error, pending: mutation.pending };
}
