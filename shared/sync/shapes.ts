/**
 * The records inside Kaon's authority docs. The server writes them (projections); clients only
 * read. Values are plain JSON objects stored whole in Y.Maps, so each update replaces a record.
 */
export interface QueueItem {
  id: string;
  contactId: string;
  contactName: string;
  channelKind: string;
  channelName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  preview: string;
  lastAt: number;
  unread: number;
  version: number;
  openedAt: number;
  /** The conversation doc's epoch once it was rebased (absent at 0): where a browser without a copy connects first. */
  epoch?: number;
  /** The SLA target owed soonest (absent without one): its due instant, and whether the server recorded it as breached. */
  sla?: { target: 'first' | 'next' | 'resolution'; dueAt: number; breached: boolean };
}

/** `s.<space>.queue`: Y.Map 'open' (conversation id → QueueItem, snoozed ones left out) and Y.Map 'meta' ('closedCount', 'snoozedCount'). */
export const QUEUE = { open: 'open', meta: 'meta' } as const;

export interface FileRef {
  id: string;
  name: string;
  mime: string;
  size: number;
}

export type ThreadItem =
  | {
      kind: 'message';
      id: string;
      direction: 'in' | 'out';
      body: string;
      authorName: string | null;
      status: string;
      error: string | null;
      at: number;
      files: FileRef[];
      clientId: string | null;
      /** E-mail messages only: the headers the thread shows (the HTML and quoted text load on demand). */
      email?: EmailMeta | undefined;
    }
  | { kind: 'activity'; id: string; text: string; at: number };

export interface EmailMeta {
  subject: string;
  from: string;
  /** Recipients besides the conversation's contact and Kaon (Cc, and other To addresses): a reply goes to them too. */
  cc: string[];
  /** The mail has an HTML version (sanitized on arrival). */
  html: boolean;
  /** The mail has quoted history or a signature below its new part. */
  quoted: boolean;
  /** The receiving server's SPF / DKIM / DMARC verdicts (Authentication-Results), when it added them. */
  auth: { spf: string | null; dkim: string | null; dmarc: string | null } | null;
}

export interface ConversationMeta {
  id: string;
  contactId: string;
  contactName: string;
  channelKind: string;
  channelName: string;
  status: 'open' | 'closed';
  assigneeId: string | null;
  assigneeName: string | null;
  version: number;
  openedAt: number;
  closedAt: number | null;
  closedByName: string | null;
  closingCategory: string | null;
  closingSummary: string | null;
  /** Snoozed: out of the queue until `snoozedUntil` (ms) or, when null, until the customer writes. */
  snoozed?: boolean;
  snoozedUntil?: number | null;
}

/**
 * `s.<space>.conv.<id>`: Y.Map 'meta' (key 'state' → ConversationMeta; key 'older' → OlderItems
 * once a rebase left the oldest items out) and Y.Map 'items' (id → ThreadItem).
 */
export const CONV = { meta: 'meta', items: 'items', state: 'state', older: 'older' } as const;

/** The thread has items older than this one that the doc does not hold: `conversations.threadPage` pages them in. */
export interface OlderItems {
  before: { id: string; at: number; kind: 'message' | 'activity' };
}
