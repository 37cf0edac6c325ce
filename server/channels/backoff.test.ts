import { describe, expect, it } from 'vitest';
import { backoffMs } from './outboxWorker';

describe('backoffMs (exponential, equal jitter, never before the provider hint)', () => {
  it.each([
    { attempts: 1, random: 0, hint: undefined, ms: 500 },
    { attempts: 1, random: 1, hint: undefined, ms: 1000 },
    { attempts: 2, random: 0, hint: undefined, ms: 1000 },
    { attempts: 3, random: 0.5, hint: undefined, ms: 3000 },
    { attempts: 10, random: 1, hint: undefined, ms: 60_000 }, // capped
    { attempts: 10, random: 0, hint: undefined, ms: 30_000 },
    { attempts: 1, random: 0, hint: 5000, ms: 5000 }, // 429 Retry-After: 5
    { attempts: 1, random: 1, hint: 200, ms: 1000 }, // a smaller hint does not shorten the backoff
    { attempts: 1, random: 0, hint: 10 * 86_400_000, ms: 86_400_000 }, // absurd hints are bounded to a day
  ])('attempt $attempts, random $random, hint $hint → $ms ms', ({ attempts, random, hint, ms }) => {
    expect(backoffMs(attempts, 1000, 60_000, hint, () => random)).toBe(ms);
  });
});
