import { EventEmitter, on } from 'node:events';

/** What changed in a space, published by commands after commit; subscribers refetch. */
export type SpaceEvent = { type: 'members.changed' } | { type: 'space.changed' } | { type: 'invites.changed' } | { type: 'apiTokens.changed' };

/** In-process event bus, one per server (DESIGN §6: replaceable by Redis streams or NATS). */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(spaceId: string, event: SpaceEvent): void {
    this.emitter.emit(spaceId, event);
  }

  async *subscribe(spaceId: string, signal: AbortSignal | undefined): AsyncGenerator<SpaceEvent> {
    for await (const [event] of on(this.emitter, spaceId, { signal })) yield event as SpaceEvent;
  }
}
