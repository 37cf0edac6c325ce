/** Thrown when the queue is full: the caller answers 429 instead of piling up more work. */
export class Busy extends Error {
  constructor() {
    super('busy');
  }
}

/**
 * At most `max` tasks at once, `queueMax` more waiting in order; past that, `run` throws Busy at
 * once. Password hashing (scrypt) runs through one, so a burst of sign-ins cannot fill libuv's
 * thread pool and stall file and DNS work for everyone else.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly max: number,
    readonly queueMax: number,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.queueMax) throw new Busy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.active++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Open things (event streams) per key, released when they close. */
export class OpenCounter {
  private readonly open = new Map<string, number>();

  /** Opens one for `key` if fewer than `max` are open; the function releases it (once). */
  tryOpen(key: string, max: number): (() => void) | null {
    const n = this.open.get(key) ?? 0;
    if (n >= max) return null;
    this.open.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left <= 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }

  count(key: string): number {
    return this.open.get(key) ?? 0;
  }
}
