import { notificationPreview } from '../../shared/domain/messageLimits';
import { durationText, policyFor, SLA_TARGET_LABEL, SLA_TARGETS, slaDues, slaWatch, type SlaAnchors, type SlaTarget } from '../../shared/domain/sla';
import type { Db } from '../db/connection';
import { contacts } from '../db/contacts';
import type { ConversationRow } from '../db/conversations';
import { newId } from '../db/ids';
import { notifications } from '../db/notifications';
import { slaPolicies, slaState, type SlaRow, type StoredPolicy } from '../db/sla';
import { businessHours } from '../db/workflows';
import type { Tx } from './transaction';

/**
 * A conversation's SLA, kept by the conversation core in the transaction of each change (rules in
 * shared/domain/sla): the customer's messages and members' replies move its anchors, a close ends
 * it, and each time the due instants, what the queue row shows and when the timer looks next
 * (`check_at`) are recomputed. A space without policies costs one indexed read per change.
 */

const anchorsOf = (r: SlaRow): SlaAnchors => ({ openedAt: r.opened_at, firstStart: r.first_start, firstDone: r.first_done, nextStart: r.next_start, resolutionDone: r.resolution_done });
const breachedOf = (r: SlaRow): Record<SlaTarget, number | null> => ({ first: r.first_breached, next: r.next_breached, resolution: r.resolution_breached });

function tagsOf(db: Db, spaceId: string, contactId: string): string[] {
  const row = contacts.inSpace(db, spaceId, contactId);
  return row ? contacts.profileOf(row).tags : [];
}

/** The row for `conv` when a policy may apply (the space has any) or it already has one; else undefined. */
function rowFor(db: Db, conv: ConversationRow, policies: readonly StoredPolicy[]): SlaRow | undefined {
  const existing = slaState.of(db, conv.id);
  if (existing || policies.length === 0) return existing;
  slaState.ensure(db, conv.id);
  return slaState.of(db, conv.id);
}

/**
 * Recomputes `row` in place: the policy (re-chosen while the conversation is open: its channel,
 * its contact's tags, the space's policies now), the due instants, a target met after its due
 * instant recorded as breached at that instant, what the row shows and when to check next.
 */
function recompute(db: Db, conv: ConversationRow, row: SlaRow, policies: readonly StoredPolicy[]): void {
  const open = row.resolution_done === null;
  const policy = open ? policyFor(policies, { channelId: conv.channel_id, tags: tagsOf(db, conv.space_id, conv.contact_id) }) : (policies.find((p) => p.id === row.policy_id) ?? null);
  // A closed conversation keeps the dues it was measured by (its policy may since have been deleted).
  if (open || policy) {
    row.policy_id = policy?.id ?? null;
    const dues = slaDues(policy, businessHours.get(db, conv.space_id), anchorsOf(row));
    row.first_due = dues.first;
    row.next_due = dues.next;
    row.resolution_due = dues.resolution;
  }
  if (row.first_done !== null && row.first_due !== null && row.first_done > row.first_due) row.first_breached ??= row.first_due;
  if (row.resolution_done !== null && row.resolution_due !== null && row.resolution_done > row.resolution_due) row.resolution_breached ??= row.resolution_due;
  setWatch(row);
}

/** What the row shows, when the timer looks next, and each decided target's outcome (for the report's index). */
function setWatch(row: SlaRow): void {
  const watch = slaWatch({ first: row.first_due, next: row.next_due, resolution: row.resolution_due }, anchorsOf(row), breachedOf(row));
  row.shown_target = watch.shown?.target ?? null;
  row.shown_due = watch.shown?.dueAt ?? null;
  row.check_at = watch.checkAt;
  const outcome = (due: number | null, done: number | null, breached: number | null) => (due === null ? null : breached !== null ? 0 : done !== null ? 1 : null);
  row.first_met = outcome(row.first_due, row.first_done, row.first_breached);
  row.resolution_met = outcome(row.resolution_due, row.resolution_done, row.resolution_breached);
}

/** After the core changed `conv` (opened, a message, closed): the SLA row follows, in the same transaction. */
export function slaFollow(
  tx: Tx,
  conv: ConversationRow,
  event: { kind: 'opened' } | { kind: 'message'; direction: 'in' | 'out'; byMember: boolean; at: number } | { kind: 'assigned'; assigneeId: string | null } | { kind: 'closed'; at: number },
): void {
  const policies = slaPolicies.inSpace(tx.db, conv.space_id);
  const row = rowFor(tx.db, conv, policies);
  if (!row) return;
  // The agent is the member it was last assigned to (unassigning and closing keep them), as in the report facts.
  if (event.kind === 'assigned' && event.assigneeId) row.agent_id = event.assigneeId;
  if (event.kind === 'message' && row.resolution_done === null) {
    if (event.direction === 'in') {
      if (row.first_start === null) row.first_start = event.at;
      else if (row.first_done !== null && row.next_start === null) row.next_start = event.at;
    } else if (event.byMember) {
      if (row.first_start !== null && row.first_done === null) row.first_done = event.at;
      else if (row.next_start !== null) {
        // A next-response wait ends: counted (when the policy has that target), and counted as breached when the reply came late.
        if (row.next_due !== null) {
          row.next_cycles++;
          if (row.next_breached !== null || event.at > row.next_due) row.next_breaches++;
        }
        row.next_start = null;
        row.next_due = null;
        row.next_breached = null;
      }
    }
  }
  if (event.kind === 'closed') row.resolution_done ??= event.at;
  recompute(tx.db, conv, row, policies);
  // A wait still owed at the close that had passed its due time counts as a breached cycle.
  if (event.kind === 'closed' && row.next_start !== null && (row.next_breached !== null || (row.next_due !== null && event.at > row.next_due))) {
    row.next_cycles++;
    row.next_breaches++;
    row.next_start = null;
    row.next_due = null;
    row.next_breached = null;
  }
  slaState.save(tx.db, row);
}

/** Measures `open` conversations again by the space's policies as they are now (a policy changed: all open ones; a contact's tags changed: its one). */
export function slaRemeasure(tx: Tx, spaceId: string, open: readonly ConversationRow[]): void {
  const policies = slaPolicies.inSpace(tx.db, spaceId);
  for (const conv of open) {
    const row = rowFor(tx.db, conv, policies);
    if (!row) continue;
    const before = JSON.stringify(row);
    recompute(tx.db, conv, row, policies);
    if (JSON.stringify(row) === before) continue;
    slaState.save(tx.db, row);
    tx.emit(spaceId, { type: 'conversation.changed', conversationId: conv.id, contactId: conv.contact_id });
  }
}

export interface Breach {
  target: SlaTarget;
  dueAt: number;
  policyName: string;
}

/**
 * Records the owed targets whose due instant has passed by `tx.now` as breached (at their due
 * instant, once), and moves `check_at` on. Returns what was newly breached (the caller notifies).
 */
export function recordBreaches(tx: Tx, conv: ConversationRow): Breach[] {
  const row = slaState.of(tx.db, conv.id);
  if (!row) return [];
  if (row.policy_id === null || conv.status !== 'open') {
    // Nothing is owed any more: the timer must not find it again.
    slaState.save(tx.db, { ...row, check_at: null });
    return [];
  }
  const policy = slaPolicies.byId(tx.db, conv.space_id, row.policy_id);
  const dues: Record<SlaTarget, number | null> = { first: row.first_due, next: row.next_due, resolution: row.resolution_due };
  const owed = { first: row.first_start !== null && row.first_done === null, next: row.next_start !== null, resolution: row.resolution_done === null };
  const breaches: Breach[] = [];
  for (const target of SLA_TARGETS) {
    const due = dues[target];
    if (due === null || !owed[target] || due > tx.now) continue;
    if (target === 'first' && row.first_breached === null) row.first_breached = due;
    else if (target === 'next' && row.next_breached === null) row.next_breached = due;
    else if (target === 'resolution' && row.resolution_breached === null) row.resolution_breached = due;
    else continue;
    breaches.push({ target, dueAt: due, policyName: policy?.name ?? 'SLA' });
  }
  setWatch(row);
  slaState.save(tx.db, row);
  return breaches;
}

/** "First response target passed (policy “Standard”, 15 min)". */
export function breachText(b: Breach, minutes: number | null): string {
  return `${SLA_TARGET_LABEL[b.target]} target passed (policy “${b.policyName}”${minutes !== null ? `, ${durationText(minutes * 60_000)}` : ''})`;
}

/** A breach is news for the assignee, or for the space's owners and managers when nobody is assigned. */
export function notifyBreach(tx: Tx, conv: ConversationRow, recipients: readonly string[], text: string): void {
  for (const userId of recipients) {
    notifications.insert(tx.db, {
      id: newId(),
      space_id: conv.space_id,
      user_id: userId,
      kind: 'sla',
      actor_id: null,
      actor_name: 'Kaon',
      contact_id: conv.contact_id,
      comment_id: null,
      conversation_id: conv.id,
      preview: notificationPreview(text),
      created_at: tx.now,
      read_at: null,
    });
    tx.emit(conv.space_id, { type: 'notifications.changed', userId });
  }
}

/** What a queue row carries of the SLA: the target shown, its due instant, and whether it is recorded as breached. */
export function queueSla(db: Db, conversationId: string): { sla?: { target: SlaTarget; dueAt: number; breached: boolean } } {
  const row = slaState.of(db, conversationId);
  if (!row || row.shown_target === null || row.shown_due === null) return {};
  const target = row.shown_target as SlaTarget;
  const breached = breachedOf(row)[target] !== null;
  return { sla: { target, dueAt: row.shown_due, breached } };
}
