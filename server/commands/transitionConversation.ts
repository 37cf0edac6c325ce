import { checkClosingNote } from '../../shared/domain/closingNote';
import { refusal, transition, type Change } from '../conversations/core';
import { transact } from '../conversations/transaction';
import { closingSettings } from '../db/closingSettings';
import { conversations, stateOf } from '../db/conversations';
import { errors } from '../errors';
import { runTrigger } from '../workflows/run';
import type { CommandDeps } from './commandDeps';

export type ConversationCommand =
  | { kind: 'assign'; assigneeId: string }
  | { kind: 'unassign' }
  | { kind: 'close'; category?: string | null | undefined; summary?: string | null | undefined };

/**
 * Assign, unassign or close, in one transaction: decided by the conversation core with the
 * version the caller saw (a stale one is a CONFLICT carrying the current state). Closing checks
 * the space's closing-note policy and runs the 'conversation.closed' workflows.
 */
export function transitionConversation(deps: CommandDeps, input: { spaceId: string; userId: string; conversationId: string; version: number; command: ConversationCommand }) {
  return transact(deps, (tx) => {
    const conv = conversations.inSpace(tx.db, input.spaceId, input.conversationId);
    if (!conv) throw errors.notFound('This conversation');
    const cmd = input.command;
    let change: Change;
    if (cmd.kind === 'close') {
      const settings = closingSettings.get(tx.db, input.spaceId);
      const checked = checkClosingNote(settings.policy, settings.categories, cmd);
      change = { kind: 'close', note: checked.ok ? checked.note : null, noteCheck: checked.ok ? null : checked.message };
    } else change = cmd;
    const decision = transition(tx, conv, input.version, change, { kind: 'member', userId: input.userId });
    if (!decision.ok) throw refusal(decision);
    if (decision.changed && cmd.kind === 'close') {
      runTrigger(tx, deps.presence, { spaceId: input.spaceId, conversationId: conv.id, trigger: 'conversation.closed', messageText: null });
    }
    return decision.changed ? stateOf(conversations.inSpace(tx.db, input.spaceId, conv.id)!) : decision.next;
  });
}
