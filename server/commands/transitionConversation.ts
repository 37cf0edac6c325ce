import { assign, close, unassign, type Transition } from '../../shared/domain/conversation';
import { checkClosingNote } from '../../shared/domain/closingNote';
import { conversations, stateOf } from '../db/conversations';
import { closingSettings } from '../db/closingSettings';
import { memberships } from '../db/spaces';
import { notifyAssigned } from '../notifications/assigned';
import { errors } from '../errors';
import { addActivity, memberName } from './conversationParts';
import type { CommandDeps } from './types';
import { runTrigger } from '../workflows/run';

export type ConversationCommand =
  | { kind: 'assign'; assigneeId: string }
  | { kind: 'unassign' }
  | { kind: 'close'; category?: string | null | undefined; summary?: string | null | undefined };

/**
 * Assign, unassign or close, in one transaction: decided by shared/domain/conversation with the
 * version the caller saw, recorded as an activity line, then published for projection.
 */
export function transitionConversation(deps: CommandDeps, input: { spaceId: string; userId: string; conversationId: string; version: number; command: ConversationCommand }) {
  const { db } = deps;
  const result = db.transaction(() => {
    const now = deps.now();
    const conv = conversations.inSpace(db, input.spaceId, input.conversationId);
    if (!conv) throw errors.notFound('This conversation');
    const current = stateOf(conv);
    const actor = memberName(db, input.userId);
    const cmd = input.command;
    let decision: Transition;
    let activity = '';
    let note: { category: string | null; summary: string | null } | null = null;
    if (cmd.kind === 'assign') {
      const isMember = memberships.roleOf(db, input.spaceId, cmd.assigneeId) !== undefined;
      decision = assign(current, input.version, cmd.assigneeId, isMember);
      activity = `${actor} assigned this to ${cmd.assigneeId === input.userId ? 'themself' : memberName(db, cmd.assigneeId)}`;
    } else if (cmd.kind === 'unassign') {
      decision = unassign(current, input.version);
      activity = `${actor} unassigned ${current.assigneeId === input.userId ? 'themself' : current.assigneeId ? memberName(db, current.assigneeId) : ''}`.trim();
    } else {
      const settings = closingSettings.get(db, input.spaceId);
      const checked = checkClosingNote(settings.policy, settings.categories, cmd);
      decision = close(current, input.version, checked.ok ? null : checked.message);
      if (checked.ok) note = checked.note;
      const why = note ? ` — ${[note.category, note.summary].filter(Boolean).join(': ')}` : '';
      activity = `Closed by ${actor}${why}`;
    }
    if (!decision.ok) {
      if (decision.code === 'conflict') throw errors.conflict(decision.message, decision.current);
      if (decision.code === 'notMember') throw errors.notFound('This member');
      if (decision.code === 'closed') throw errors.forbidden(decision.message);
      throw errors.badRequest(decision.message);
    }
    if (!decision.changed) return { changed: false, state: decision.next, contactId: conv.contact_id };
    conversations.setState(db, conv.id, decision.next);
    if (cmd.kind === 'close') conversations.setClosed(db, conv.id, input.userId, now, note?.category ?? null, note?.summary ?? null);
    addActivity(db, input.spaceId, conv.id, activity, now);
    // Being assigned by someone else is news; assigning yourself is not.
    if (cmd.kind === 'assign' && cmd.assigneeId !== input.userId) {
      notifyAssigned(db, { spaceId: input.spaceId, userId: cmd.assigneeId, actorId: input.userId, actorName: actor, conv, now });
    }
    if (cmd.kind === 'close' && deps.presence) {
      runTrigger({ db, now: deps.now, presence: deps.presence }, { spaceId: input.spaceId, conversationId: conv.id, trigger: 'conversation.closed', messageText: null });
    }
    return { changed: true, state: stateOf(conversations.inSpace(db, input.spaceId, conv.id)!), contactId: conv.contact_id };
  })();
  if (result.changed) deps.events.publish(input.spaceId, { type: 'conversation.changed', conversationId: input.conversationId, contactId: result.contactId });
  if (result.changed && input.command.kind === 'assign' && input.command.assigneeId !== input.userId) {
    deps.events.publish(input.spaceId, { type: 'notifications.changed', userId: input.command.assigneeId });
  }
  return result.state;
}
