import { SLA_MAX_POLICIES, slaPolicyRefusal } from '../../shared/domain/sla';
import type { SlaSaveInput } from '../../shared/schemas/slaSchema';
import { slaRemeasure } from '../conversations/sla';
import { transact } from '../conversations/transaction';
import { channels } from '../db/channels';
import { newId } from '../db/ids';
import { openConversationsOf, slaPolicies } from '../db/sla';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/**
 * Creates or edits an SLA policy; the space's open conversations are measured again by the
 * policies as they now are (in the same transaction), so their queue rows show the new due times.
 */
export function saveSlaPolicy(deps: CommandDeps, input: SlaSaveInput) {
  const tags = [...new Set(input.tags.map((t) => t.trim()))];
  const channelIds = [...new Set(input.channelIds)];
  const policy = { ...input, name: input.name.trim(), tags, channelIds, id: input.policyId ?? newId() };
  const refused = slaPolicyRefusal(policy);
  if (refused) throw errors.badRequest(refused);
  return transact(deps, (tx) => {
    for (const channelId of channelIds) if (!channels.inSpace(tx.db, input.spaceId, channelId)) throw errors.notFound('A channel of this policy');
    if (input.policyId) {
      if (!slaPolicies.update(tx.db, input.spaceId, policy, tx.now)) throw errors.notFound('This SLA policy');
    } else {
      if (slaPolicies.count(tx.db, input.spaceId) >= SLA_MAX_POLICIES) throw errors.badRequest(`A space has at most ${SLA_MAX_POLICIES} SLA policies. Delete one first.`);
      slaPolicies.insert(tx.db, input.spaceId, policy, tx.now);
    }
    slaRemeasure(tx, input.spaceId, openConversationsOf(tx.db, input.spaceId));
    tx.emit(input.spaceId, { type: 'sla.changed' });
    return slaPolicies.byId(tx.db, input.spaceId, policy.id)!;
  });
}
