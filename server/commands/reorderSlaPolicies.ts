import { slaRemeasure } from '../conversations/sla';
import { transact } from '../conversations/transaction';
import { openConversationsOf, slaPolicies } from '../db/sla';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/**
 * Puts the space's SLA policies in a new order (the first enabled match applies, so the order
 * decides); open conversations are measured again. `policyIds` must name every policy once.
 */
export function reorderSlaPolicies(deps: CommandDeps, spaceId: string, policyIds: readonly string[]) {
  return transact(deps, (tx) => {
    const current = slaPolicies.inSpace(tx.db, spaceId).map((p) => p.id);
    const same = policyIds.length === current.length && new Set(policyIds).size === policyIds.length && policyIds.every((id) => current.includes(id));
    if (!same) throw errors.badRequest('The policies changed meanwhile: reload the page and order them again.');
    policyIds.forEach((id, i) => slaPolicies.setPosition(tx.db, spaceId, id, i + 1));
    slaRemeasure(tx, spaceId, openConversationsOf(tx.db, spaceId));
    tx.emit(spaceId, { type: 'sla.changed' });
    return slaPolicies.inSpace(tx.db, spaceId);
  });
}
