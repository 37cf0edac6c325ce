import { WindowCounter } from '../limits/window';

/**
 * Failed sign-ins per key (e-mail and client, client, account) in a sliding window. One instance
 * per server (no process-global state); it forgets everything on restart, which only shortens a lock-out.
 */
export class FailureLimiter extends WindowCounter {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  override retryAfter(key: string, now = Date.now()): number {
    return super.retryAfter(key, now, 1);
  }

  fail(key: string, now = Date.now()): void {
    this.add(key, now);
  }
}
