/**
 * Outgoing webhooks: the events a receiver can subscribe to, in the words the settings page
 * uses, and the limits the form and the server share.
 */
export const WEBHOOK_EVENTS = ['conversation.opened', 'conversation.assigned', 'conversation.closed', 'message.received', 'message.sent'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What "Send test" sends; not subscribable. */
export const TEST_EVENT = 'webhook.test';

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'conversation.opened': 'Conversation opened',
  'conversation.assigned': 'Conversation assigned',
  'conversation.closed': 'Conversation closed',
  'message.received': 'Message received (from a customer)',
  'message.sent': 'Message sent (by an agent or workflow)',
};

export const WEBHOOK_LIMITS = {
  urlMax: 2000,
  descriptionMax: 200,
  perSpace: 20,
} as const;

/** A delivery's outcome in the words of the settings page ("Delivered in 120 ms (200)"). */
export function deliveryOutcome(d: { state: 'pending' | 'delivered' | 'failed'; statusCode: number | null; responseMs: number | null; lastError: string | null; attempts: number }): string {
  if (d.state === 'delivered') return `Delivered in ${d.responseMs ?? 0} ms (${d.statusCode ?? 200})`;
  if (d.state === 'failed') return d.lastError ?? 'Failed';
  if (d.attempts === 0) return 'Waiting to be sent';
  return `Retrying after ${d.attempts} failed attempt${d.attempts === 1 ? '' : 's'}`;
}
