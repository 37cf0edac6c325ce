import { workflowAuthorId } from '../../shared/domain/comments';
import { notifyAssigned } from '../notifications/assigned';
import { bump } from '../../shared/domain/conversation';
import { fillSnippet } from '../../shared/domain/snippets';
import { runWorkflows, type Effect, type Facts, type Run, type Trigger } from '../../shared/domain/workflows';
import type { Db } from '../db/connection';
import { contactDocEdits, contacts } from '../db/contacts';
import { conversations, search, stateOf } from '../db/conversations';
import { newId } from '../db/ids';
import { snippets } from '../db/snippets';
import { memberships, spaces } from '../db/spaces';
import { businessHours, workflowRuns, workflows } from '../db/workflows';
import { addActivity, insertMessage, memberName } from '../commands/conversationParts';
import { enqueueSend, planProviderReply } from '../commands/outboundParts';
import type { Presence } from './presence';

export interface WorkflowDeps {
  db: Db;
  now: () => number;
  presence: Presence;
}

/** Members of the space with their open-conversation count and whether they are online. */
export function memberFacts(deps: WorkflowDeps, spaceId: string): Facts['members'] {
  const open = new Map(
    (
      deps.db
        .prepare("SELECT assignee_id, count(*) AS n FROM conversations WHERE space_id = ? AND status = 'open' AND assignee_id IS NOT NULL GROUP BY assignee_id")
        .all(spaceId) as Array<{ assignee_id: string; n: number }>
    ).map((r) => [r.assignee_id, r.n]),
  );
  return memberships.list(deps.db, spaceId).map((m) => ({ userId: m.user_id, online: deps.presence.isOnline(spaceId, m.user_id), openCount: open.get(m.user_id) ?? 0 }));
}

const quote = (name: string) => `Workflow “${name}”`;

/** Applies one effect to the conversation inside the caller's transaction; returns why not, if it could not. */
function apply(deps: WorkflowDeps, spaceId: string, conversationId: string, run: Run, effect: Effect): string | null {
  const { db } = deps;
  const conv = conversations.inSpace(db, spaceId, conversationId)!;
  const now = deps.now();
  const state = stateOf(conv);
  switch (effect.kind) {
    case 'assign':
      if (state.status !== 'open') return 'The conversation is closed';
      conversations.setState(db, conv.id, bump(state, effect.userId));
      addActivity(db, spaceId, conv.id, `${quote(run.workflowName)} assigned this to ${memberName(db, effect.userId)}`, now);
      // A workflow is "someone else": the member hears about it like a manual assignment.
      if (state.assigneeId !== effect.userId) notifyAssigned(db, { spaceId, userId: effect.userId, actorId: null, actorName: quote(run.workflowName), conv, now });
      return null;
    case 'unassign':
      if (state.status !== 'open' || state.assigneeId === null) return 'Nobody is assigned';
      conversations.setState(db, conv.id, bump(state, null));
      addActivity(db, spaceId, conv.id, `${quote(run.workflowName)} unassigned ${memberName(db, state.assigneeId)}`, now);
      return null;
    case 'close':
      if (state.status !== 'open') return 'Already closed';
      conversations.setState(db, conv.id, { status: 'closed', assigneeId: null, version: state.version + 1 });
      conversations.setClosed(db, conv.id, null, now, null, null);
      addActivity(db, spaceId, conv.id, `Closed by ${quote(run.workflowName)}`, now);
      return null;
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
        provider = planProviderReply(db, { spaceId, channelId: conv.channel_id, contactId: conv.contact_id, now, body, fileIds });
      } catch (err) {
        return `Not sent: ${(err as Error).message}`;
      }
      const message = insertMessage(
        db,
        { space_id: spaceId, conversation_id: conv.id, direction: 'out', author_id: null, body, client_id: null, status: provider ? 'pending' : 'sent', created_at: now },
        fileIds,
      );
      if (provider) enqueueSend(db, spaceId, message.id, provider, now);
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
      contacts.updateProfile(db, row.id, profile, now);
      search.reindexContact(db, spaceId, row.id);
      contactDocEdits.add(db, spaceId, row.id, effect.kind === 'addTag' ? { kind: 'addTag', tag: effect.tag, at: now } : { kind: 'removeTag', tag: effect.tag });
      return null;
    }
    case 'addComment':
      contactDocEdits.add(db, spaceId, conv.contact_id, { kind: 'addComment', id: newId(), authorId: workflowAuthorId(run.workflowId), body: effect.text, at: now });
      return null;
  }
}

/** The contact's tags and custom fields as SQLite has them (projected from its doc). */
function contactFacts(db: Db, spaceId: string, contactId: string, addedTag: string | undefined): Facts['contact'] {
  const row = contacts.inSpace(db, spaceId, contactId);
  const p = row ? contacts.profileOf(row) : { tags: [], fields: {} };
  return addedTag === undefined ? { tags: p.tags, fields: p.fields } : { tags: p.tags, fields: p.fields, addedTag };
}

/**
 * Runs the space's workflows for a trigger, inside the triggering command's transaction: decides
 * with shared/domain/workflows, applies the effects, records every run. `only` limits the applied
 * effects (the backlog sweep applies assignments only).
 */
export function runTrigger(
  deps: WorkflowDeps,
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
  const { db } = deps;
  const list = workflows.list(db, input.spaceId).filter((w) => w.enabled && w.trigger === input.trigger);
  if (list.length === 0) return [];
  const conv = conversations.inSpace(db, input.spaceId, input.conversationId);
  if (!conv) return [];
  const runs = runWorkflows(list, {
    trigger: input.trigger,
    causedBy: input.causedBy ?? null,
    now: deps.now(),
    businessHours: businessHours.get(db, input.spaceId),
    conversation: { id: conv.id, channelId: conv.channel_id, assigneeId: conv.assignee_id, status: conv.status },
    contact: contactFacts(db, input.spaceId, conv.contact_id, input.addedTag),
    message: input.messageText === null ? null : { text: input.messageText },
    members: memberFacts(deps, input.spaceId),
    roundRobinLast: workflows.roundRobinCursors(db, input.spaceId),
  });
  for (const run of runs) {
    const results = run.actions.map((r) => {
      if (r.status !== 'done') return r;
      if (input.only && !input.only.includes(r.effect.kind)) return { action: r.action, status: 'skipped' as const, why: 'Not run by the backlog sweep' };
      const why = apply(deps, input.spaceId, conv.id, run, r.effect);
      return why ? { action: r.action, status: 'skipped' as const, why } : r;
    });
    if (run.matched) {
      for (const r of results) if (r.status === 'skipped' && !input.only) addActivity(db, input.spaceId, conv.id, `${quote(run.workflowName)}: ${r.why}`, deps.now());
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
      now: deps.now(),
    });
  }
  // A workflow that closed the conversation triggers the 'conversation.closed' workflows (not itself: loop guard).
  for (const run of runs) {
    const closedByIt = run.actions.some((r) => r.status === 'done' && r.effect.kind === 'close');
    if (closedByIt && !input.only && conversations.inSpace(db, input.spaceId, conv.id)?.status === 'closed') {
      runTrigger(deps, { spaceId: input.spaceId, conversationId: conv.id, trigger: 'conversation.closed', messageText: null, causedBy: run.workflowId });
    }
  }
  return runs;
}

/** The members the runs assigned a conversation to (they were notified; publish `notifications.changed` after the commit). */
export function assignedBy(runs: Run[]): string[] {
  return runs.flatMap((run) => run.actions.flatMap((r) => (r.status === 'done' && r.effect.kind === 'assign' ? [r.effect.userId] : [])));
}
