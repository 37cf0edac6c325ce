/**
 * The shapes of workflows and of what the engine decides from and returns (no logic: the engine
 * is workflowEngine.ts, its parts workflowActions.ts, workflowPick.ts and businessHours.ts import these).
 */
export const TRIGGERS = ['conversation.opened', 'conversation.closed', 'conversation.unsnoozed', 'message.received', 'contact.tagAdded'] as const;
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
  /** Out of the queue for `hours`, or (null) until the customer writes. */
  | { kind: 'snooze'; hours: number | null }
  | { kind: 'addComment'; text: string };

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
  snoozeHoursMax: 24 * 366,
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
  /** `online`: available for online-only assignment; `away`: the member set themselves away (so not online), for the run log's words. */
  members: Array<{ userId: string; online: boolean; openCount: number; away?: boolean }>;
  /** Per workflow: the userId it assigned last by round robin (durable cursor). */
  roundRobinLast: Record<string, string | null>;
}

/** What an action does once decided: the assignment actions become an 'assign' of the member picked. */
export type Effect = Exclude<Action, { kind: 'assign' | 'roundRobin' | 'leastOpen' }> | { kind: 'assign'; userId: string };

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
