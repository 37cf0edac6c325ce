import { workflowAuthorId } from '../../shared/domain/comments';
import type { Transition } from '../../shared/domain/conversation';
import { fillSnippet } from '../../shared/domain/snippetRules';
import { snoozeUntilText } from '../../shared/domain/snooze';
import { runWorkflows, type Effect, type Facts, type Run, type Trigger } from '../../shared/domain/workflowEngine';
import { addActivity, appendMessage, snoozeConversation, transition, type Actor } from '../conversations/core';
import { planProviderReply } from '../conversations/outbound';
import type { Tx, TxDeps } from '../conversations/transaction';
import type { Db } from '../db/connection';
import { contactDocEdits, contacts } from '../db/contacts';
import { conversations, type ConversationRow } from '../db/conversations';
import { search } from '../db/search';
import { newId } from '../db/ids';
import { snippets } from '../db/snippets';
import { memberships, spaces, type MemberRow } from '../db/spaces';
import { businessHours, workflowRuns, workflows } from '../db/workflows';
import type { Presence } from './presence';

/** What running workflows needs beyond a transaction: who is online. */
export interface WorkflowDeps extends TxDeps {
  presence: Presence;
}

/** Online for assignment: the app open in a signed-in tab, and not set to away by the member. */
export function availableForWork(presence: Presence, spaceId: string, member: Pick<MemberRow, 'user_id' | 'status'>): boolean {
  return member.status !== 'away' && presence.isOnline(spaceId, member.user_id);
}

/** Members of the space with their open-conversation count and whether they are online (and not away). */
function memberFacts(db: Db, presence: Presence, spaceId: string): Facts['members'] {
  const open = new Map(
    (
      db
        .prepare("SELECT assignee_id, count(*) AS n FROM conversations WHERE space_id = ? AND status = 'open' AND assignee_id IS NOT NULL GROUP BY assignee_id")
        .all(spaceId) as Array<{ assignee_id: string; n: number }>
    ).map((r) => [r.assignee_id, r.n]),
  );
  return memberships.list(db, spaceId).map((m) => ({ userId: m.user_id, online: availableForWork(presence, spaceId, m), openCount: open.get(m.user_id) ?? 0, away: m.status === 'away' }));
}

/** Why a workflow's assign, unassign or close did nothing, in the run log's words (null: it was applied). */
function skippedWhy(decision: Transition, closedWhy: string, unchangedWhy: string | null): string | null {
  if (!decision.ok) return decision.code === 'closed' ? closedWhy : decision.code === 'notMember' ? 'They are not a member of this space' : decision.message;
  return decision.changed ? null : unchangedWhy;
}

/** Applies one effect through the conversation core, inside the caller's transaction; returns why not, if it could not. */
function apply(tx: Tx, conv: ConversationRow, run: Run, effect: Effect): string | null {
  const { db } = tx;
  const spaceId = conv.space_id;
  const actor: Actor = { kind: 'workflow', workflowId: run.workflowId, workflowName: run.workflowName };
  switch (effect.kind) {
    case 'assign':
      return skippedWhy(transition(tx, conv, conv.version, { kind: 'assign', assigneeId: effect.userId }, actor), 'The conversation is closed', null);
    case 'unassign':
      return skippedWhy(transition(tx, conv, conv.version, { kind: 'unassign' }, actor), 'Nobody is assigned', 'Nobody is assigned');
    case 'close':
      return skippedWhy(transition(tx, conv, conv.version, { kind: 'close', note: null, noteCheck: null }, actor), 'Already closed', null);
    case 'snooze': {
      if (conv.status !== 'open') return 'The conversation is closed';
      const until = effect.hours === null ? null : tx.now + effect.hours * 3_600_000;
      snoozeConversation(tx, conv, conv.version, until, actor, snoozeUntilText(until, businessHours.get(db, spaceId)?.timeZone ?? 'UTC'));
      return null;
    }
    case 'sendText':
    case 'sendSnippet': {
      let body = effect.kind === 'sendText' ? effect.text : (snippets.inSpace(db, spaceId, effect.snippetId)?.body ?? null);
      if (body === null) return 'The snippet no longer exists';
      // A snippet's files go with its text, as when an agent inserts it.
      const fileIds = effect.kind === 'sendSnippet' ? snippets.files(db, effect.snippetId).map((f) => f.id) : [];
      const contact = contacts.inSpace(db, spaceId, conv.contact_id);
      const space = spaces.byId(db, spaceId);
      const filled = fillSnippet(body, { contact: { name: contact?.name ?? '', fields: contact ? contacts.profileOf(contact).fields : {} }, agent: { name: space?.name ?? '' }, space: { name: space?.name ?? '' } });
      if (filled.missing.length) return `Not sent: no value for ${filled.missing.map((m) => `{{${m}}}`).join(', ')}`;
      body = filled.text;
      // On WhatsApp/Telegram the message goes through the durable outbox like an agent's reply
      // (and obeys the 24-hour window); website chat delivers by storing.
      let provider;
      try {
        provider = planProviderReply(db, { spaceId, channelId: conv.channel_id, contactId: conv.contact_id, conversationId: conv.id, now: tx.now, body, fileIds });
      } catch (err) {
        return `Not sent: ${(err as Error).message}`;
      }
      appendMessage(tx, conv, { direction: 'out', authorId: null, body, clientKey: null, fileIds, provider });
      return null;
    }
    case 'addTag':
    case 'removeTag': {
      // SQLite now (later actions and lists see it), the contact doc right after the commit.
      const row = contacts.inSpace(db, spaceId, conv.contact_id);
      if (!row) return 'The contact no longer exists';
      const profile = contacts.profileOf(row);
      const has = profile.tags.includes(effect.tag);
      if (effect.kind === 'addTag' ? has : !has) return null;
      profile.tags = effect.kind === 'addTag' ? [...profile.tags, effect.tag].sort((a, b) => a.localeCompare(b)) : profile.tags.filter((t) => t !== effect.tag);
      contacts.updateProfile(db, row.id, profile, tx.now);
      search.reindexContact(db, spaceId, row.id);
      contactDocEdits.add(db, spaceId, row.id, effect.kind === 'addTag' ? { kind: 'addTag', tag: effect.tag, at: tx.now } : { kind: 'removeTag', tag: effect.tag });
      tx.emit(spaceId, { type: 'contactDoc.editsQueued', contactId: row.id });
      return null;
    }
    case 'addComment':
      contactDocEdits.add(db, spaceId, conv.contact_id, { kind: 'addComment', id: newId(), authorId: workflowAuthorId(run.workflowId), body: effect.text, at: tx.now });
      tx.emit(spaceId, { type: 'contactDoc.editsQueued', contactId: conv.contact_id });
      return null;
  }
}

/** The contact's tags and custom fields as SQLite has them (projected from its doc). */
function contactFacts(db: Db, spaceId: string, contactId: string, addedTag: string | undefined): Facts['contact'] {
  const row = contacts.inSpace(db, spaceId, contactId);
  const p = row ? contacts.profileOf(row) : { tags: [], fields: {} };
  return addedTag === undefined ? { tags: p.tags, fields: p.fields } : { tags: p.tags, fields: p.fields, addedTag };
}

/** What the engine decides from: the conversation, its contact, the message, the members, the clock. */
export function factsFor(
  db: Db,
  presence: Presence,
  conv: ConversationRow,
  input: { trigger: Trigger; now: number; messageText: string | null; causedBy?: string | null | undefined; addedTag?: string | undefined },
): Facts {
  return {
    trigger: input.trigger,
    causedBy: input.causedBy ?? null,
    now: input.now,
    businessHours: businessHours.get(db, conv.space_id),
    conversation: { id: conv.id, channelId: conv.channel_id, assigneeId: conv.assignee_id, status: conv.status },
    contact: contactFacts(db, conv.space_id, conv.contact_id, input.addedTag),
    message: input.messageText === null ? null : { text: input.messageText },
    members: memberFacts(db, presence, conv.space_id),
    roundRobinLast: workflows.roundRobinCursors(db, conv.space_id),
  };
}

/**
 * Runs the space's workflows for a trigger, inside the triggering command's transaction: decides
 * with shared/domain/workflows, applies the effects, records every run. `only` limits the applied
 * effects (the backlog sweep applies assignments only).
 */
export function runTrigger(
  tx: Tx,
  presence: Presence,
  input: {
    spaceId: string;
    conversationId: string;
    trigger: Trigger;
    messageText: string | null;
    causedBy?: string | null;
    only?: Array<Effect['kind']>;
    /** For 'contact.tagAdded': the tag a member added. */
    addedTag?: string;
  },
): Run[] {
  const { db } = tx;
  const list = workflows.list(db, input.spaceId).filter((w) => w.enabled && w.trigger === input.trigger);
  if (list.length === 0) return [];
  const conv = conversations.inSpace(db, input.spaceId, input.conversationId);
  if (!conv) return [];
  const runs = runWorkflows(list, factsFor(db, presence, conv, { ...input, now: tx.now }));
  for (const run of runs) {
    const results = run.actions.map((r) => {
      if (r.status !== 'done') return r;
      if (input.only && !input.only.includes(r.effect.kind)) return { action: r.action, status: 'skipped' as const, why: 'Not run by the backlog sweep' };
      // Each effect sees the conversation as the previous one left it.
      const why = apply(tx, conversations.inSpace(db, input.spaceId, conv.id)!, run, r.effect);
      return why ? { action: r.action, status: 'skipped' as const, why } : r;
    });
    if (run.matched) {
      for (const r of results) if (r.status === 'skipped' && !input.only) addActivity(tx, conv, `Workflow “${run.workflowName}”: ${r.why}`);
    }
    const assigned = results.some((r) => r.status === 'done' && r.effect.kind === 'assign');
    if (run.roundRobinLast && assigned) workflows.setRoundRobinLast(db, run.workflowId, run.roundRobinLast);
    // A sweep that changed nothing leaves no trace, so the run log keeps the runs that mattered.
    if (input.only && !assigned) continue;
    workflowRuns.insert(db, {
      id: newId(),
      space_id: input.spaceId,
      workflow_id: run.workflowId,
      conversation_id: conv.id,
      trigger: input.only ? `${input.trigger} (backlog sweep)` : input.trigger,
      matched: run.matched,
      detail: { conditions: run.conditions, actions: results },
      now: tx.now,
    });
  }
  // A workflow that closed the conversation triggers the 'conversation.closed' workflows (not itself: loop guard).
  for (const run of runs) {
    const closedByIt = run.actions.some((r) => r.status === 'done' && r.effect.kind === 'close');
    if (closedByIt && !input.only && conversations.inSpace(db, input.spaceId, conv.id)?.status === 'closed') {
      runTrigger(tx, presence, { spaceId: input.spaceId, conversationId: conv.id, trigger: 'conversation.closed', messageText: null, causedBy: run.workflowId });
    }
  }
  return runs;
}
