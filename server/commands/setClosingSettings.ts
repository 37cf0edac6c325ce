import { autoCloseRefusal } from '../../shared/domain/snooze';
import type { ClosingPolicy } from '../../shared/domain/closingNote';
import { closingSettings } from '../db/closingSettings';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

export function setClosingSettings(deps: CommandDeps, spaceId: string, policy: ClosingPolicy, categories: readonly string[], autoCloseHours?: number | null) {
  const refused = autoCloseHours === undefined ? null : autoCloseRefusal(autoCloseHours);
  if (refused) throw errors.badRequest(`autoCloseHours: ${refused}`);
  if ((policy === 'category' || policy === 'categoryAndSummary') && categories.length === 0) {
    throw errors.badRequest('categories: Add at least one category, or choose a policy that does not need one.');
  }
  deps.db.transaction(() => {
    closingSettings.set(deps.db, spaceId, policy, categories);
    if (autoCloseHours !== undefined) closingSettings.setAutoClose(deps.db, spaceId, autoCloseHours);
  })();
  deps.events.publish(spaceId, { type: 'space.changed' });
  return closingSettings.get(deps.db, spaceId);
}
