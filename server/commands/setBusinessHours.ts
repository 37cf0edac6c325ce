import type { BusinessHours } from '../../shared/domain/workflowTypes';
import { slaRemeasure } from '../conversations/sla';
import { transact } from '../conversations/transaction';
import { openConversationsOf } from '../db/sla';
import { businessHours } from '../db/workflows';
import type { CommandDeps } from './commandDeps';

/**
 * Sets (or clears, null) the space's business hours; open conversations under a business-hours
 * SLA policy get their due times from the new hours in the same transaction.
 */
export function setBusinessHours(deps: CommandDeps, spaceId: string, hours: BusinessHours | null) {
  return transact(deps, (tx) => {
    businessHours.set(tx.db, spaceId, hours);
    slaRemeasure(tx, spaceId, openConversationsOf(tx.db, spaceId));
    tx.emit(spaceId, { type: 'space.changed' });
    return businessHours.get(tx.db, spaceId);
  });
}
