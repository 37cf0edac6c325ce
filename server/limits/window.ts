/**
 * How much a key used in a sliding window (requests, failures, bytes). One instance per server
 * (nothing process-global); it forgets everything on restart, which only shortens a wait.
 * Checking and counting happen in one synchronous call (`take`), so parallel requests cannot all
 * pass the check before any of them is counted.
 */
/** Entries per window at most (see add). */
const BUCKETS = 64;

export class WindowCounter {
  private readonly entries = new Map<string, Array<{ t: number; n: number }>>();
  private writes = 0;

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** What `key` used in the window ending at `now`. */
  used(key: string, now = Date.now()): number {
    return this.recent(key, now).reduce((sum, e) => sum + e.n, 0);
  }

  /** Milliseconds until `key` may use `n` more, or 0 when it may now. */
  retryAfter(key: string, now = Date.now(), n = 1): number {
    const recent = this.recent(key, now);
    let over = recent.reduce((sum, e) => sum + e.n, 0) + n - this.max;
    if (over <= 0) return 0;
    if (n > this.max) return this.windowMs;
    for (const e of recent) {
      over -= e.n;
      if (over <= 0) return Math.max(1, e.t + this.windowMs - now);
    }
    return this.windowMs;
  }

  /** Counts `n` for `key`. */
  add(key: string, now = Date.now(), n = 1): void {
    const recent = this.recent(key, now);
    // A busy key's uses close together share one entry (dated by the latest, so it is kept, never
    // dropped, early): a key holds at most ~2 × BUCKETS entries however busy it is, so checking
    // stays O(1) per request instead of growing with a generous limit (an address with thousands a
    // minute). Small counts (sign-in failures) keep one entry per use, exact to the millisecond.
    const last = recent[recent.length - 1];
    if (last && recent.length >= BUCKETS && now - last.t < this.windowMs / BUCKETS) {
      last.t = now;
      last.n += n;
    } else recent.push({ t: now, n });
    this.entries.set(key, recent);
    if (++this.writes % 1000 === 0) this.prune(now);
  }

  /** Counts `n` if it fits and answers 0; otherwise counts nothing and answers how long to wait. */
  take(key: string, now = Date.now(), n = 1): number {
    const wait = this.retryAfter(key, now, n);
    if (wait === 0) this.add(key, now, n);
    return wait;
  }

  /** Gives back `n` of what `key` used most recently (an attempt that turned out fine, bytes not sent). */
  refund(key: string, n = 1): void {
    const list = this.entries.get(key);
    while (list?.length && n > 0) {
      const last = list[list.length - 1]!;
      const back = Math.min(last.n, n);
      last.n -= back;
      n -= back;
      if (last.n === 0) list.pop();
    }
    if (list && list.length === 0) this.entries.delete(key);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private recent(key: string, now: number): Array<{ t: number; n: number }> {
    const list = (this.entries.get(key) ?? []).filter((e) => e.t > now - this.windowMs);
    if (list.length === 0) this.entries.delete(key);
    return list;
  }

  /** Keys nobody used for a window are dropped, so memory follows recent traffic only. */
  private prune(now: number): void {
    for (const [key, list] of this.entries) if (!list.some((e) => e.t > now - this.windowMs)) this.entries.delete(key);
  }
}
