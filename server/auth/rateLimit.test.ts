import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rateLimit';

const WINDOW = 15 * 60_000;
const T0 = 1_000_000;

describe('FailureLimiter', () => {
  it('lets a key try until it has max failures in the window', () => {
    const limiter = new FailureLimiter(3, WINDOW);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('email:a', T0 + i)).toBe(0);
      limiter.fail('email:a', T0 + i);
    }
    // The oldest failure leaves the window at T0 + WINDOW.
    expect(limiter.retryAfter('email:a', T0 + 10)).toBe(WINDOW - 10);
    expect(limiter.retryAfter('email:a', T0 + WINDOW - 1)).toBe(1);
    expect(limiter.retryAfter('email:a', T0 + WINDOW)).toBe(0);
  });

  it('slides: only failures inside the window count', () => {
    const limiter = new FailureLimiter(3, WINDOW);
    limiter.fail('k', T0);
    limiter.fail('k', T0 + WINDOW / 2);
    limiter.fail('k', T0 + WINDOW - 1);
    expect(limiter.retryAfter('k', T0 + WINDOW - 1)).toBe(1);
    // The first failure has aged out; one more failure locks again, until the second ages out.
    expect(limiter.retryAfter('k', T0 + WINDOW)).toBe(0);
    limiter.fail('k', T0 + WINDOW);
    expect(limiter.retryAfter('k', T0 + WINDOW)).toBe(WINDOW / 2);
  });

  it('keeps keys apart', () => {
    const limiter = new FailureLimiter(1, WINDOW);
    limiter.fail('email:a', T0);
    expect(limiter.retryAfter('email:a', T0)).toBe(WINDOW);
    expect(limiter.retryAfter('email:b', T0)).toBe(0);
  });

  it('forgets a key on reset', () => {
    const limiter = new FailureLimiter(2, WINDOW);
    limiter.fail('k', T0);
    limiter.fail('k', T0);
    expect(limiter.retryAfter('k', T0)).toBeGreaterThan(0);
    limiter.reset('k');
    expect(limiter.retryAfter('k', T0)).toBe(0);
    limiter.fail('k', T0);
    expect(limiter.retryAfter('k', T0)).toBe(0);
  });
});
