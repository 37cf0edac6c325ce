import { EventEmitter, on } from 'node:events';

/** What changed in a space, published by commands after commit; subscribers refetch or project. */
export type SpaceEvent =
  | { type: 'members.changed' }
  | { type: 'space.changed' }
  | { type: 'invites.changed' }
  | { type: 'apiTokens.changed' }
  | { type: 'channels.changed' }
  | { type: 'snippets.changed' }
  | { type: 'workflows.changed' }
  | { type: 'contactFields.changed' }
  /** SLA policies were added, edited or removed. */
  | { type: 'sla.changed' }
  /** Outgoing webhooks were added, edited or removed; a webhook's delivery log changed. */
  | { type: 'webhooks.changed' }
  | { type: 'webhookDeliveries.changed'; webhookId: string }
  | { type: 'contacts.changed'; contactId: string }
  | { type: 'conversation.changed'; conversationId: string; contactId: string }
  | { type: 'notifications.changed'; userId: string }
  /** Internal (never streamed to clients): a provider reply waits in the outbox. */
  | { type: 'outbox.queued' }
  /** Internal: outgoing webhook deliveries were queued (the delivery worker looks for due ones). */
  | { type: 'webhooks.queued' }
  /** Internal: contact-doc edits were queued in contact_doc_edits, to write into the doc. */
  | { type: 'contactDoc.editsQueued'; contactId: string }
  /** Internal: a member went from offline to online in the space (an app tab opened its event stream). */
  | { type: 'member.online'; userId: string }
  /** Internal: a customer's first message created their contact (a waiting chat page learns who it is). */
  | { type: 'contact.identified'; contactId: string; channelId: string; externalId: string };

/** Events only server processors care about; spaces.events does not stream them. */
export const INTERNAL_EVENTS: ReadonlySet<SpaceEvent['type']> = new Set(['outbox.queued', 'webhooks.queued', 'contactDoc.editsQueued', 'member.online', 'contact.identified']);

/**
 * Someone's access may have shrunk (removed from a space, role changed, signed out, API token
 * revoked): connections that outlive a request (sync sockets, SSE streams) re-check theirs.
 */
export interface AccessChange {
  userId: string;
}

const ANY = Symbol('any');

/**
 * Narrow topics an event is also published on, so a listener that cares about one contact (a
 * visitor's chat page) is not woken by every event of the space.
 */
export const topics = {
  contact: (contactId: string) => `contact:${contactId}`,
  identity: (channelId: string, externalId: string) => `identity:${channelId}/${externalId}`,
};

function topicsOf(event: SpaceEvent): string[] {
  if (event.type === 'conversation.changed') return [topics.contact(event.contactId)];
  if (event.type === 'contact.identified') return [topics.identity(event.channelId, event.externalId)];
  return [];
}
const ACCESS = Symbol('access');

/** In-process event bus, one per server (with several servers: Redis streams or NATS). */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(spaceId: string, event: SpaceEvent): void {
    this.emitter.emit(spaceId, event);
    for (const topic of topicsOf(event)) this.emitter.emit(topic, event);
    this.emitter.emit(ANY, spaceId, event);
  }

  /** Every event of every space, synchronously after the publishing command committed (projections). */
  onAny(listener: (spaceId: string, event: SpaceEvent) => void): () => void {
    this.emitter.on(ANY, listener);
    return () => this.emitter.off(ANY, listener);
  }

  /** Published by the commands that take access away, after their commit. */
  publishAccess(change: AccessChange): void {
    this.emitter.emit(ACCESS, change);
  }

  onAccess(listener: (change: AccessChange) => void): () => void {
    this.emitter.on(ACCESS, listener);
    return () => this.emitter.off(ACCESS, listener);
  }

  async *subscribe(spaceId: string, signal: AbortSignal | undefined): AsyncGenerator<SpaceEvent> {
    for await (const [event] of on(this.emitter, spaceId, { signal })) yield event as SpaceEvent;
  }

  /** How many listeners hear every event of the space (live streams of members; chat pages use topics). */
  spaceListeners(spaceId: string): number {
    return this.emitter.listenerCount(spaceId);
  }

  /** The events of one topic (`topics`); listening starts at this call, not at the first read. */
  topic(name: string, signal: AbortSignal | undefined): AsyncGenerator<SpaceEvent> {
    const events = on(this.emitter, name, { signal });
    return (async function* () {
      for await (const [event] of events) yield event as SpaceEvent;
    })();
  }
}
