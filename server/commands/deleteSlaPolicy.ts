import { slaRemeasure } from '../conversations/sla';
import { transact } from '../conversations/transaction';
import { openConversationsOf, slaPolicies } from '../db/sla';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/** Deletes a policy; open conversations it applied to are measured by the others (or none). Closed ones keep their figures. */
export function deleteSlaPolicy(deps: CommandDeps, spaceId: string, policyId: string) {
  return transact(deps, (tx) => {
    if (!slaPolicies.remove(tx.db, spaceId, policyId)) throw errors.notFound('This SLA policy');
    slaRemeasure(tx, spaceId, openConversationsOf(tx.db, spaceId));
    tx.emit(spaceId, { type: 'sla.changed' });
    return { deleted: policyId };
  });
}
