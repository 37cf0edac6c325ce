/**
 * The workflow engine: one trigger, conditions, ordered actions. Pure and deterministic:
 * the server runs it inside the triggering command's transaction and applies the effects; the
 * builder's dry run shows the same answer. No clock and no chance: `now` and every fact come in.
 */
import { isWithinBusinessHours } from './businessHours';
import { performAction, sameTag, type RunState } from './workflowActions';
import type { Condition, Facts, Run, Workflow } from './workflowTypes';

export * from './workflowTypes';

export { isWithinBusinessHours } from './businessHours';
export { pickLeastOpen, pickRoundRobin } from './workflowPick';
export { sameTag, summarizeRun } from './workflowActions';

const fold = (s: string) => s.trim().toLowerCase();

/** Does one condition hold for these facts? (Facts as earlier workflows left them.) */
export function conditionHolds(condition: Condition, facts: Facts): boolean {
  switch (condition.kind) {
    case 'channel':
      return condition.channelIds.includes(facts.conversation.channelId);
    case 'contactTag':
      return facts.contact.tags.some((t) => sameTag(t, condition.tag)) === condition.present;
    case 'contactField':
      // A missing field reads as empty, so `equals: ''` means "the field is empty".
      return fold(facts.contact.fields[condition.key.trim()] ?? '') === fold(condition.equals);
    case 'textContains':
      return facts.message !== null && facts.message.text.toLowerCase().includes(condition.text.trim().toLowerCase());
    case 'businessHours':
      return isWithinBusinessHours(facts.businessHours, facts.now) === condition.inside;
  }
}

/** Facts as seen after the effects so far (assignee, status, tags, open counts). */
function currentFacts(facts: Facts, state: RunState): Facts {
  return {
    ...facts,
    conversation: { ...facts.conversation, ...state.conversation },
    contact: { ...facts.contact, tags: state.tags },
    members: state.members,
  };
}

function runOne(workflow: Workflow, facts: Facts, state: RunState): Run {
  const seen = currentFacts(facts, state);
  // Every condition is evaluated (no short-circuit) so the run log shows which ones failed.
  const conditions = workflow.conditions.map((condition) => ({ condition, ok: conditionHolds(condition, seen) }));
  const run: Run = { workflowId: workflow.id, workflowName: workflow.name, trigger: facts.trigger, matched: conditions.every((c) => c.ok), conditions, actions: [] };
  if (!run.matched) return run;
  let cursor = facts.roundRobinLast[workflow.id] ?? null;
  let closed = false;
  for (const action of workflow.actions) {
    if (closed) {
      run.actions.push({ action, status: 'skipped', why: 'Conversation closed' });
      continue;
    }
    const result = performAction(action, { trigger: facts.trigger, state, cursor });
    run.actions.push(result);
    if (result.status !== 'done') continue;
    if (action.kind === 'roundRobin' && result.effect.kind === 'assign') cursor = run.roundRobinLast = result.effect.userId;
    if (result.effect.kind === 'close') closed = true;
  }
  return run;
}

/**
 * Runs every enabled workflow for this trigger in position order (ties by id), deterministic.
 * Skips the one named by causedBy (loop guard). Later workflows see the effects of earlier ones
 * (assignee, status, tags), and member openCount is updated as assignments happen. Returns one
 * Run per workflow considered (including non-matching ones, matched=false with the failing
 * conditions). The inputs are not mutated.
 */
export function runWorkflows(workflows: Workflow[], facts: Facts): Run[] {
  const state: RunState = {
    conversation: { assigneeId: facts.conversation.assigneeId, status: facts.conversation.status },
    tags: [...facts.contact.tags],
    members: facts.members.map((m) => ({ ...m })),
  };
  return workflows
    .filter((w) => w.enabled && w.trigger === facts.trigger && w.id !== facts.causedBy)
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((w) => runOne(w, facts, state));
}
