/**
 * The workflow engine (issue 6): one trigger, conditions, ordered actions. Pure and deterministic:
 * the server runs it inside the triggering command's transaction and applies the effects; the
 * builder's dry run shows the same answer. No clock and no chance: `now` and every fact come in.
 */
import { isWithinBusinessHours } from './businessHours';
import { performAction, sameTag, type RunState } from './workflowActions';

export { isWithinBusinessHours } from './businessHours';
export { pickLeastOpen, pickRoundRobin } from './workflowPick';
export { sameTag, summarizeRun } from './workflowActions';

export const TRIGGERS = ['conversation.opened', 'conversation.closed', 'message.received', 'contact.tagAdded'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export type Condition =
  | { kind: 'channel'; channelIds: string[] } // conversation's channel is one of
  | { kind: 'contactTag'; tag: string; present: boolean } // contact has / has not the tag
  | { kind: 'contactField'; key: string; equals: string } // custom field equals (case-insensitive, trimmed)
  | { kind: 'textContains'; text: string } // the triggering message text contains (case-insensitive); false when no message
  | { kind: 'businessHours'; inside: boolean }; // now is inside / outside the space's business hours

/** capacity = max open conversations per member; null = unlimited. */
export type AssignPool = { userIds: string[]; onlineOnly: boolean; capacity: number | null };

export type Action =
  | { kind: 'assign'; userId: string; onlineOnly: boolean; capacity: number | null }
  | { kind: 'roundRobin'; pool: AssignPool }
  | { kind: 'leastOpen'; pool: AssignPool }
  | { kind: 'unassign' }
  | { kind: 'addTag'; tag: string }
  | { kind: 'removeTag'; tag: string }
  | { kind: 'sendSnippet'; snippetId: string }
  | { kind: 'sendText'; text: string }
  | { kind: 'close' }
  | { kind: 'addComment'; text: string };

export const CONDITION_KINDS = ['channel', 'contactTag', 'contactField', 'textContains', 'businessHours'] as const satisfies ReadonlyArray<Condition['kind']>;
export const ACTION_KINDS = [
  'assign',
  'roundRobin',
  'leastOpen',
  'unassign',
  'addTag',
  'removeTag',
  'sendSnippet',
  'sendText',
  'close',
  'addComment',
] as const satisfies ReadonlyArray<Action['kind']>;

/** Limits shared by the builder (to say so before saving) and the schemas (to enforce them). */
export const WORKFLOW_LIMITS = {
  nameMax: 80,
  tagMax: 40,
  fieldValueMax: 200,
  containsMax: 200,
  textMax: 5000,
  capacityMax: 1000,
  conditionsMax: 20,
  actionsMax: 20,
  poolMax: 100,
  channelsMax: 50,
  rangesPerDay: 10,
} as const;

export interface WorkflowDefinition {
  trigger: Trigger;
  conditions: Condition[];
  actions: Action[];
}
export interface Workflow extends WorkflowDefinition {
  id: string;
  name: string;
  enabled: boolean;
  position: number;
}

export interface BusinessHours {
  timeZone: string;
  /** 0=Sunday..6; each day a list of [start,end) 'HH:MM' ranges */
  days: Record<number, Array<[string, string]>>;
}

export interface Facts {
  trigger: Trigger;
  /** The workflow whose action caused this event, if any (loop guard: it does not run again for it). */
  causedBy: string | null;
  /** ms epoch */
  now: number;
  /** null = always inside */
  businessHours: BusinessHours | null;
  conversation: { id: string; channelId: string; assigneeId: string | null; status: 'open' | 'closed' };
  contact: { tags: string[]; fields: Record<string, string>; addedTag?: string };
  message: { text: string } | null;
  /** Members of the space (others are never assigned). */
  members: Array<{ userId: string; online: boolean; openCount: number }>;
  /** Per workflow: the userId it assigned last by round robin (durable cursor). */
  roundRobinLast: Record<string, string | null>;
}

export type Effect =
  | { kind: 'assign'; userId: string }
  | { kind: 'unassign' }
  | { kind: 'addTag'; tag: string }
  | { kind: 'removeTag'; tag: string }
  | { kind: 'sendSnippet'; snippetId: string }
  | { kind: 'sendText'; text: string }
  | { kind: 'close' }
  | { kind: 'addComment'; text: string };

export type ActionResult = { action: Action; status: 'done'; effect: Effect } | { action: Action; status: 'skipped'; why: string };

export interface Run {
  workflowId: string;
  workflowName: string;
  trigger: Trigger;
  matched: boolean;
  conditions: Array<{ condition: Condition; ok: boolean }>;
  actions: ActionResult[];
  /** Set when this run assigned by round robin: the new durable cursor of the workflow. */
  roundRobinLast?: string;
}

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
