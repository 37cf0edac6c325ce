import { randomBytes } from 'node:crypto';
import { channels } from '../db/channels';
import type { Db } from '../db/connection';
import { newId } from '../db/ids';
import type { CommandDeps } from './commandDeps';

/** Inside a caller's transaction: a website-chat channel with a public key for its /chat link. */
export function insertWebchatChannel(db: Db, spaceId: string, name: string, now: number) {
  const row = { id: newId(), space_id: spaceId, kind: 'webchat', name, public_key: randomBytes(18).toString('base64url'), created_at: now };
  channels.insert(db, row);
  return row;
}

export function createWebchatChannel(deps: CommandDeps, spaceId: string, name: string) {
  const row = deps.db.transaction(() => insertWebchatChannel(deps.db, spaceId, name, deps.now()))();
  deps.events.publish(spaceId, { type: 'channels.changed' });
  return row;
}
