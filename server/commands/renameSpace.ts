import { spaces } from '../db/spaces';
import type { CommandDeps } from './commandDeps';

export function renameSpace(deps: CommandDeps, spaceId: string, name: string) {
  deps.db.transaction(() => spaces.rename(deps.db, spaceId, name))();
  deps.events.publish(spaceId, { type: 'space.changed' });
  return { id: spaceId, name };
}
