import type { Action, ActionResult, Effect, Facts, Run, Trigger } from './workflowTypes';
import { isEligible, noneEligibleWhy, pickLeastOpen, pickRoundRobin } from './workflowPick';

/**
 * What one action does to the facts a run carries along. Each action either has an
 * effect, which the server applies, or is skipped with a reason the run log and the
 * conversation's activity show. The state is the engine's own copy, never the caller's facts.
 */
export interface RunState {
  conversation: { assigneeId: string | null; status: 'open' | 'closed' };
  tags: string[];
  members: Facts['members'];
}

/** Tags compare trimmed and case-insensitively: 'VIP' and ' vip' are one tag. */
export const sameTag = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Moves the conversation to `userId` (or nobody), keeping every member's open count right. */
function setAssignee(state: RunState, userId: string | null) {
  const previous = state.members.find((m) => m.userId === state.conversation.assigneeId);
  if (previous) previous.openCount = Math.max(0, previous.openCount - 1);
  const next = state.members.find((m) => m.userId === userId);
  if (next) next.openCount += 1;
  state.conversation.assigneeId = userId;
}

/** Why no assignment may happen now, whoever the candidate. */
function assignmentBlocked(trigger: Trigger, state: RunState): string | null {
  // Closing unassigns everyone; a workflow must not undo that.
  if (trigger === 'conversation.closed') return 'Workflows on a closed conversation do not assign';
  if (state.conversation.status === 'closed') return 'The conversation is closed';
  return null;
}

type Outcome = { effect: Effect } | { why: string };

function assignTo(state: RunState, userId: string): Outcome {
  setAssignee(state, userId);
  return { effect: { kind: 'assign', userId } };
}

function assignFixed(action: Extract<Action, { kind: 'assign' }>, state: RunState): Outcome {
  const member = state.members.find((m) => m.userId === action.userId);
  if (!member) return { why: 'They are not a member of this space' };
  if (state.conversation.assigneeId === action.userId) return { why: 'Already assigned to them' };
  if (action.onlineOnly && !member.online) return { why: member.away ? 'They are away' : 'They are offline' };
  if (!isEligible(member, action)) return { why: `They are at capacity (${member.openCount} open, limit ${action.capacity})` };
  return assignTo(state, action.userId);
}

function outcomeOf(action: Action, trigger: Trigger, state: RunState, cursor: string | null): Outcome {
  switch (action.kind) {
    case 'assign':
    case 'roundRobin':
    case 'leastOpen': {
      const blocked = assignmentBlocked(trigger, state);
      if (blocked) return { why: blocked };
      if (action.kind === 'assign') return assignFixed(action, state);
      // Pools share out unassigned work; they never take a conversation from its assignee.
      if (state.conversation.assigneeId !== null) return { why: 'Already assigned' };
      const userId = action.kind === 'roundRobin' ? pickRoundRobin(action.pool, state.members, cursor) : pickLeastOpen(action.pool, state.members);
      return userId === null ? { why: noneEligibleWhy(action.pool, state.members) } : assignTo(state, userId);
    }
    case 'unassign':
      if (state.conversation.status === 'closed') return { why: 'The conversation is closed' };
      if (state.conversation.assigneeId === null) return { why: 'Nobody is assigned' };
      setAssignee(state, null);
      return { effect: { kind: 'unassign' } };
    case 'snooze':
      if (trigger === 'conversation.closed' || state.conversation.status === 'closed') return { why: 'The conversation is closed' };
      return { effect: { kind: 'snooze', hours: action.hours } };
    case 'close':
      if (state.conversation.status === 'closed') return { why: 'Already closed' };
      setAssignee(state, null);
      state.conversation.status = 'closed';
      return { effect: { kind: 'close' } };
    case 'addTag':
      if (state.tags.some((t) => sameTag(t, action.tag))) return { why: `The contact already has the tag “${action.tag}”` };
      state.tags.push(action.tag);
      return { effect: { kind: 'addTag', tag: action.tag } };
    case 'removeTag':
      if (!state.tags.some((t) => sameTag(t, action.tag))) return { why: `The contact does not have the tag “${action.tag}”` };
      state.tags = state.tags.filter((t) => !sameTag(t, action.tag));
      return { effect: { kind: 'removeTag', tag: action.tag } };
    case 'sendSnippet':
      return { effect: { kind: 'sendSnippet', snippetId: action.snippetId } };
    case 'sendText':
      return { effect: { kind: 'sendText', text: action.text } };
    case 'addComment':
      return { effect: { kind: 'addComment', text: action.text } };
  }
}

/** Decides one action against the run's state, updating the state with its effect. */
export function performAction(action: Action, ctx: { trigger: Trigger; state: RunState; cursor: string | null }): ActionResult {
  const outcome = outcomeOf(action, ctx.trigger, ctx.state, ctx.cursor);
  return 'effect' in outcome ? { action, status: 'done', effect: outcome.effect } : { action, status: 'skipped', why: outcome.why };
}

const ACTION_VERBS: Record<Action['kind'], string> = {
  assign: 'assign',
  roundRobin: 'assign by round robin',
  leastOpen: 'assign to the member with the fewest open conversations',
  unassign: 'unassign',
  addTag: 'add a tag',
  removeTag: 'remove a tag',
  sendSnippet: 'send a snippet',
  sendText: 'send a message',
  close: 'close this',
  snooze: 'snooze this',
  addComment: 'add a comment',
};

function effectLine(effect: Effect, nameOf: (userId: string) => string): string {
  switch (effect.kind) {
    case 'assign':
      return `assigned this to ${nameOf(effect.userId)}`;
    case 'unassign':
      return 'unassigned this';
    case 'addTag':
      return `tagged the contact “${effect.tag}”`;
    case 'removeTag':
      return `removed the tag “${effect.tag}” from the contact`;
    case 'sendSnippet':
      return 'sent a snippet';
    case 'sendText':
      return 'sent a message';
    case 'close':
      return 'closed this';
    case 'snooze':
      return effect.hours === null ? 'snoozed this until the customer writes' : `snoozed this for ${effect.hours} hour${effect.hours === 1 ? '' : 's'}`;
    case 'addComment':
      return 'added a comment';
  }
}

/** One action's result in words, without the subject: "assigned this to Bob Agent", "did not close this: …". */
export function describeAction(result: ActionResult, nameOf: (userId: string) => string = (userId) => userId): string {
  return result.status === 'done' ? effectLine(result.effect, nameOf) : `did not ${ACTION_VERBS[result.action.kind]}: ${result.why}`;
}

/**
 * Human summary lines for activity: e.g. 'Workflow “Round robin” assigned this to <userId>' —
 * the caller maps ids to names (pass `nameOf`). A run whose conditions did not match says nothing
 * (it is in the run log); a skipped action says why.
 */
export function summarizeRun(run: Run, nameOf: (userId: string) => string = (userId) => userId): string[] {
  if (!run.matched) return [];
  const who = `Workflow “${run.workflowName}”`;
  return run.actions.map((r) => `${who} ${describeAction(r, nameOf)}`);
}
