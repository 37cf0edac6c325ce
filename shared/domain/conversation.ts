/**
 * The conversation state machine (the product rules in docs/ARCHITECTURE.md). Pure: the server decides with it inside the
 * command's transaction, the client predicts with it. Every transition names the version the
 * caller saw; a stale one is a conflict that carries the current state.
 */
export type ConversationState =
  | { status: 'open'; assigneeId: string | null; version: number }
  | { status: 'closed'; assigneeId: null; version: number };

export type Refusal =
  | { ok: false; code: 'conflict'; message: string; current: ConversationState }
  | { ok: false; code: 'closed' | 'notMember' | 'noteRequired' | 'unknownCategory'; message: string };

export type Transition = { ok: true; next: ConversationState; changed: boolean } | Refusal;

/** What a new message does to the contact's conversations. */
export type MessagePlan = { open: true; assigneeId: string | null } | { open: false; assignTo: string | null };

/** Customer writes: no open conversation → a new one opens, unassigned; open → appended. */
export function planInbound(open: ConversationState | null): MessagePlan {
  return open?.status === 'open' ? { open: false, assignTo: null } : { open: true, assigneeId: null };
}

/** Agent replies: no open conversation → one opens assigned to the replier; unassigned → assigned to the replier. */
export function planReply(open: ConversationState | null, replierId: string): MessagePlan {
  if (open?.status !== 'open') return { open: true, assigneeId: replierId };
  return { open: false, assignTo: open.assigneeId === null ? replierId : null };
}

function stale(current: ConversationState, seenVersion: number): Refusal | null {
  if (current.version === seenVersion) return null;
  return { ok: false, code: 'conflict', message: 'Someone else changed this conversation first. It now shows the latest state.', current };
}

const closedRefusal: Refusal = { ok: false, code: 'closed', message: 'This conversation is closed.' };

/** Assign to any member of the space; nobody may assign to a non-member. */
export function assign(current: ConversationState, seenVersion: number, assigneeId: string, assigneeIsMember: boolean): Transition {
  const conflict = stale(current, seenVersion);
  if (conflict) return conflict;
  if (current.status !== 'open') return closedRefusal;
  if (!assigneeIsMember) return { ok: false, code: 'notMember', message: 'You can only assign conversations to members of this space.' };
  if (current.assigneeId === assigneeId) return { ok: true, next: current, changed: false };
  return { ok: true, next: { status: 'open', assigneeId, version: current.version + 1 }, changed: true };
}

export function unassign(current: ConversationState, seenVersion: number): Transition {
  const conflict = stale(current, seenVersion);
  if (conflict) return conflict;
  if (current.status !== 'open') return closedRefusal;
  if (current.assigneeId === null) return { ok: true, next: current, changed: false };
  return { ok: true, next: { status: 'open', assigneeId: null, version: current.version + 1 }, changed: true };
}

/** Closing clears the assignee; the contact leaves the queue until it writes again. */
export function close(current: ConversationState, seenVersion: number, noteCheck: string | null): Transition {
  const conflict = stale(current, seenVersion);
  if (conflict) return conflict;
  if (current.status !== 'open') return closedRefusal;
  if (noteCheck) return { ok: false, code: 'noteRequired', message: noteCheck };
  return { ok: true, next: { status: 'closed', assigneeId: null, version: current.version + 1 }, changed: true };
}

/** An assignment or message changes the version too, so every transition is ordered. */
export function bump(current: ConversationState, assigneeId: string | null = current.assigneeId): ConversationState {
  return current.status === 'open' ? { status: 'open', assigneeId, version: current.version + 1 } : current;
}
