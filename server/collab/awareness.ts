import { presenceState } from '../../shared/schemas/presenceSchema';
import type { AwarenessEntry } from './protocol';

/** Client ids one socket may bring (its tab, and other tabs of the same browser it forwards). */
const MAX_CLIENTS_PER_SOCKET = 8;

export interface AwarenessJudgement {
  /** The states to apply, with the member's name set by the server. */
  apply: AwarenessEntry[];
  /** Why the whole message was dropped (counts toward closing the socket), or null. */
  refused: string | null;
}

/**
 * What a socket's awareness message may change on a contact doc: only states of its own member,
 * in the presence shape (shared/schemas/presenceSchema.ts), for client ids it brought itself. States of
 * client ids another socket brought are skipped, not refused: a tab forwards its sibling tabs'
 * presence (y-websocket's BroadcastChannel), and those tabs send their own; so are echoes.
 */
export function judgeAwareness(
  entries: AwarenessEntry[],
  socket: { userId: string; userName: string; owned: ReadonlySet<number>; ownedByOthers: ReadonlySet<number>; knownClock: (clientID: number) => number | undefined },
): AwarenessJudgement {
  const apply: AwarenessEntry[] = [];
  let count = socket.owned.size;
  for (const entry of entries) {
    if (socket.ownedByOthers.has(entry.clientID)) continue;
    // Every y-websocket client sends back each state it hears (also of sockets that have just
    // left); one no newer than what the server has changes nothing and is no one's abuse.
    const known = socket.knownClock(entry.clientID);
    if (known !== undefined && entry.clock <= known) continue;
    if (!socket.owned.has(entry.clientID) && ++count > MAX_CLIENTS_PER_SOCKET) return { apply: [], refused: 'too many clients on one socket' };
    if (entry.state === null) {
      apply.push(entry);
      continue;
    }
    const parsed = presenceState.safeParse(entry.state);
    if (!parsed.success) return { apply: [], refused: 'not a presence state' };
    const user = parsed.data.user;
    if (user && user.userId !== socket.userId) return { apply: [], refused: 'presence of someone else' };
    apply.push({ ...entry, state: user ? { user: { ...user, name: socket.userName } } : parsed.data });
  }
  return { apply, refused: null };
}
