import { addActivity, transition, wakeConversation } from '../conversations/core';
import { breachText, notifyBreach, recordBreaches } from '../conversations/sla';
import { transact } from '../conversations/transaction';
import { closingSettings } from '../db/closingSettings';
import { conversations } from '../db/conversations';
import { slaPolicies, slaState } from '../db/sla';
import { memberships } from '../db/spaces';
import { runTrigger, type WorkflowDeps } from './run';

/** How often the timers look for due work: a snooze comes back at most this late. */
export const TIMER_EVERY_MS = 15_000;
/** At most this many conversations per kind per tick (a backlog is worked through tick by tick). */
const BATCH = 200;

export interface ConversationTimers {
  /** One pass now: snoozes whose time came are woken, idle conversations auto-closed, SLA breaches recorded. */
  tick(): { woke: number; closed: number; breached: number };
  start(): void;
  stop(): void;
}

const hours = (n: number) => `${n} hour${n === 1 ? '' : 's'}`;

/**
 * Time-driven conversation changes: a snoozed conversation comes back at its time (with an
 * activity line), and in spaces that turned auto-close on, an open conversation without a
 * customer message for N hours closes with the note "Auto-closed" (running the
 * 'conversation.closed' workflows); an SLA target owed past its due instant is recorded as
 * breached, once, with an activity line and a notification for the assignee (or the owners and
 * managers when nobody is assigned). All read due rows through partial indexes, so a tick costs
 * what is due, not what the database holds; each change is its own transaction.
 */
export function createConversationTimers(deps: WorkflowDeps, everyMs = TIMER_EVERY_MS): ConversationTimers {
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = deps.now();
    let woke = 0;
    for (const due of conversations.snoozeDue(deps.db, now, BATCH)) {
      const back = transact(deps, (tx) => {
        if (!wakeConversation(tx, conversations.inSpace(tx.db, due.space_id, due.id)!, { by: 'time' })) return false;
        runTrigger(tx, deps.presence, { spaceId: due.space_id, conversationId: due.id, trigger: 'conversation.unsnoozed', messageText: null });
        return true;
      });
      if (back) woke++;
    }
    let closed = 0;
    for (const space of closingSettings.autoClosing(deps.db)) {
      const before = now - space.hours * 3_600_000;
      for (const idle of conversations.idleOpen(deps.db, space.id, before, BATCH)) {
        const done = transact(deps, (tx) => {
          const conv = conversations.inSpace(tx.db, space.id, idle.id);
          // Changed since it was read (the customer wrote, someone closed or snoozed it): not idle.
          if (!conv || conv.status !== 'open' || conv.snoozed || (conv.last_inbound_at ?? conv.opened_at) >= before) return false;
          const decision = transition(tx, conv, conv.version, { kind: 'close', note: { category: null, summary: 'Auto-closed' }, noteCheck: null }, { kind: 'system', name: `Kaon (no customer message for ${hours(space.hours)})` });
          if (!decision.ok || !decision.changed) return false;
          runTrigger(tx, deps.presence, { spaceId: space.id, conversationId: conv.id, trigger: 'conversation.closed', messageText: null });
          return true;
        });
        if (done) closed++;
      }
    }
    let breached = 0;
    for (const due of slaState.due(deps.db, now, BATCH)) {
      breached += transact(deps, (tx) => {
        const conv = conversations.inSpace(tx.db, due.space_id, due.conversation_id);
        if (!conv) return 0;
        const breaches = recordBreaches(tx, conv);
        if (!breaches.length) return 0;
        const row = slaState.of(tx.db, conv.id)!;
        const policy = row.policy_id ? slaPolicies.byId(tx.db, conv.space_id, row.policy_id) : undefined;
        const minutes = { first: policy?.firstResponseMin ?? null, next: policy?.nextResponseMin ?? null, resolution: policy?.resolutionMin ?? null };
        // The assignee, or the space's owners and managers while nobody is assigned.
        const recipients = conv.assignee_id
          ? [conv.assignee_id]
          : memberships
              .list(tx.db, conv.space_id)
              .filter((m) => m.role !== 'agent')
              .map((m) => m.user_id);
        for (const b of breaches) {
          const text = breachText(b, minutes[b.target]);
          addActivity(tx, conv, `SLA breached: ${text}`);
          notifyBreach(tx, conv, recipients, text);
        }
        return breaches.length;
      });
    }
    return { woke, closed, breached };
  };
  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        try {
          tick();
        } catch (err) {
          console.error('[timers] snooze, auto-close and SLA pass failed; next pass retries:', err);
        }
      }, everyMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
