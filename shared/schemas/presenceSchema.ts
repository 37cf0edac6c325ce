import { z } from 'zod';
import { id } from './commonSchema';

/**
 * Presence on a contact doc (y-websocket awareness): `{ user: { userId, name, typing, replying } }`,
 * `user: null` when the panel closes, `{}` before the member is known. The sync server relays
 * only states of this shape whose userId is the socket's member, and sets `name` itself.
 */
export const presenceUser = z.strictObject({
  userId: id,
  name: z.string().max(200),
  /** Writing a comment. */
  typing: z.boolean(),
  /** Writing a reply to the customer. */
  replying: z.boolean(),
});
export const presenceState = z.strictObject({ user: presenceUser.nullable().optional() });
export type PresenceUser = z.infer<typeof presenceUser>;

/** One awareness message at most this big; presence states are a few hundred bytes. */
export const PRESENCE_MAX_BYTES = 2048;
