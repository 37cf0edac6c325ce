import { describe, expect, it } from 'vitest';
import { Busy, OpenCounter, Semaphore } from './semaphore';
import { WindowCounter } from './window';

describe('WindowCounter', () => {
  it('takes while it fits, counts nothing when it refuses, and says when the oldest use leaves the window', () => {
    const c = new WindowCounter(10, 1000);
    expect(c.take('k', 0, 6)).toBe(0);
    expect(c.take('k', 100, 4)).toBe(0);
    expect(c.take('k', 200, 1)).toBe(800);
    expect(c.used('k', 200)).toBe(10);
    // 5 more need the first 6 gone: at t = 1000.
    expect(c.retryAfter('k', 500, 5)).toBe(500);
    expect(c.take('k', 1000, 5)).toBe(0);
  });

  it('refuses more than its maximum at once for a whole window, and gives back refunds', () => {
    const c = new WindowCounter(3, 1000);
    expect(c.take('k', 0, 4)).toBe(1000);
    expect(c.used('k', 0)).toBe(0);
    c.add('k', 0, 3);
    c.refund('k', 2);
    expect(c.used('k', 0)).toBe(1);
    c.reset('k');
    expect(c.used('k', 0)).toBe(0);
  });
});

describe('Semaphore', () => {
  it('runs at most max at once, queues queueMax more in order, and refuses the rest with Busy', async () => {
    const s = new Semaphore(2, 1);
    const release: Array<() => void> = [];
    const order: number[] = [];
    const task = (i: number) => () => new Promise<number>((r) => release.push(() => (order.push(i), r(i))));
    const a = s.run(task(1));
    const b = s.run(task(2));
    const c = s.run(task(3));
    await expect(s.run(task(4))).rejects.toBeInstanceOf(Busy);
    expect(s.inFlight).toBe(2);
    release.shift()!();
    await a;
    await new Promise((r) => setTimeout(r, 0));
    expect(release.length).toBe(2);
    release.shift()!();
    release.shift()!();
    expect(await Promise.all([b, c])).toEqual([2, 3]);
    expect(s.inFlight).toBe(0);
  });

  it('frees its slot when a task throws', async () => {
    const s = new Semaphore(1, 0);
    await expect(s.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await s.run(() => Promise.resolve('ok'))).toBe('ok');
  });
});

describe('OpenCounter', () => {
  it('opens up to max per key and releases once', () => {
    const o = new OpenCounter();
    const a = o.tryOpen('k', 1)!;
    expect(o.tryOpen('k', 1)).toBeNull();
    a();
    a();
    expect(o.count('k')).toBe(0);
    expect(o.tryOpen('k', 1)).not.toBeNull();
  });
});
