import type { EventBus } from '../events';

/**
 * Who is online, per space: a member counts as online while at least one of their app tabs holds
 * the space's live event stream open. One instance per server (with several servers this would
 * live in a shared store). Going online publishes `member.online` (the backlog sweep handles it).
 */
export class Presence {
  private readonly counts = new Map<string, number>();

  constructor(private readonly events: EventBus) {}

  private key(spaceId: string, userId: string) {
    return `${spaceId}/${userId}`;
  }

  /** Marks a connection open; returns the function that marks it closed. */
  connect(spaceId: string, userId: string): () => void {
    const key = this.key(spaceId, userId);
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n === 1) this.events.publish(spaceId, { type: 'member.online', userId });
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left <= 0) this.counts.delete(key);
      else this.counts.set(key, left);
    };
  }

  isOnline(spaceId: string, userId: string): boolean {
    return (this.counts.get(this.key(spaceId, userId)) ?? 0) > 0;
  }
}
