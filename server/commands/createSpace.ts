import type { Db } from '../db/connection';
import { closingSettings, DEFAULT_CLOSING_CATEGORIES } from '../db/closingSettings';
import { newId } from '../db/ids';
import { memberships, spaces } from '../db/spaces';
import type { CommandDeps } from './commandDeps';
import { insertWebchatChannel } from './createWebchatChannel';

/** Inside a caller's transaction: the space row and its owner's membership. */
export function insertSpace(db: Db, name: string, ownerId: string, now: number): { id: string; name: string } {
  const id = newId();
  spaces.insert(db, { id, name, created_at: now });
  memberships.insert(db, id, ownerId, 'owner', now);
  closingSettings.set(db, id, 'optional', DEFAULT_CLOSING_CATEGORIES);
  // Every space can be written to at once: a new user plays the customer in a second tab.
  insertWebchatChannel(db, id, 'Website chat', now);
  return { id, name };
}

/** A signed-in user creates another space and becomes its owner. */
export function createSpace(deps: CommandDeps, userId: string, name: string) {
  return deps.db.transaction(() => insertSpace(deps.db, name, userId, deps.now()))();
}
