/**
 * The read-only inbox doc `s.<space>.user.<userId>.inbox`: that member's notifications,
 * projected by the server from SQLite (table `notifications`). Y.Map 'items': id → NotificationItem.
 */
export const INBOX = { items: 'items' } as const;

export interface NotificationItem {
  id: string;
  kind: 'mention' | 'assigned' | 'sla';
  at: number;
  read: boolean;
  /** Who caused it ("Ana mentioned you", "Ana assigned you…"); a workflow's name for automatic assignment. */
  actorName: string;
  contactId: string;
  contactName: string;
  /** For mentions: the comment to open. */
  commentId: string | null;
  /** For assignments: the conversation to open. */
  conversationId: string | null;
  /** One line of the comment or message. */
  preview: string;
}
