import type { Db } from '../db/connection';
import { newId } from '../db/ids';
import { memberships, spaces } from '../db/spaces';
import type { CommandDeps } from './types';

/** Inside a caller's transaction: the space row and its owner's membership. */
export function insertSpace(db: Db, name: string, ownerId: string, now: number): { id: string; name: string } {
  const id = newId();
  spaces.insert(db, { id, name, created_at: now });
  memberships.insert(db, id, ownerId, 'owner', now);
  return { id, name };
}

/** A signed-in user creates another space and becomes its owner. */
export function createSpace(deps: CommandDeps, userId: string, name: string) {
  return deps.db.transaction(() => insertSpace(deps.db, name, userId, deps.now()))();
}
