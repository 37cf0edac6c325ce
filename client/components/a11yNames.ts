/**
 * What a screen reader hears for things a sighted agent reads from icons and layout: a queue row,
 * a channel, a delivery tick. Pure, so the words are tested without a browser.
 */

const CHANNEL_LABELS: Record<string, string> = {
  webchat: 'Website chat',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  messenger: 'Messenger',
  email: 'E-mail',
};

/** The channel kind in words ("Website chat", "WhatsApp", …); a kind Kaon does not know is "Other channel". */
export function channelLabel(kind: string | null | undefined): string {
  return (kind && CHANNEL_LABELS[kind]) || 'Other channel';
}

export interface QueueRowFacts {
  contactName: string;
  channelKind: string | null;
  assigneeName: string | null;
  unread: number;
  preview: string;
  /** A closed conversation's closing note ("Refund: sent the label"); closed rows have no assignee. */
  note?: string | null;
  closed?: boolean;
  /** A snoozed row's note says when it comes back ("Back Wed 2 Dec, 09:00"). */
  snoozed?: boolean;
  /** The SLA target owed soonest, in words ("First response: 12 min left", "First response: Breached"). */
  slaText?: string | null;
}

/**
 * A queue row's accessible name, in the order an agent scans it: who, where from, whose, unread,
 * then the last message. "Vera Visitor, Website chat, assigned to Bob Agent, 2 unread: Hello".
 */
export function queueRowName(row: QueueRowFacts): string {
  const parts = [row.contactName, channelLabel(row.channelKind)];
  if (row.closed) parts.push('closed');
  else {
    if (row.snoozed) parts.push(`snoozed${row.note ? ` (${row.note})` : ''}`);
    parts.push(row.assigneeName ? `assigned to ${row.assigneeName}` : 'unassigned');
    if (row.slaText) parts.push(`SLA ${row.slaText}`);
  }
  if (row.unread > 0) parts.push(`${row.unread} unread`);
  const text = (row.closed ? row.note : null) || row.preview;
  return text ? `${parts.join(', ')}: ${text}` : parts.join(', ');
}

/** An outgoing message's delivery state in words: Pending, Sent, Delivered, Read, or Failed with the reason. */
export function deliveryStatusName(status: string, error?: string | null): string {
  switch (status) {
    case 'pending':
      return 'Pending';
    case 'sent':
      return 'Sent';
    case 'delivered':
      return 'Delivered';
    case 'read':
      return 'Read';
    case 'failed':
      return `Failed: ${error?.trim() || 'the provider refused it'}`;
    default:
      return status;
  }
}
