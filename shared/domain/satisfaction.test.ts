import { describe, expect, it } from 'vitest';
import { RATING_WINDOW_MS, ratingRefusal, ratingText } from './satisfaction';

const now = Date.UTC(2026, 11, 1);

describe('ratingRefusal', () => {
  it.each([
    [{ status: 'closed' as const, closedAt: now - 1000, rated: false }, null],
    [{ status: 'closed' as const, closedAt: now - RATING_WINDOW_MS, rated: false }, null],
    [{ status: 'closed' as const, closedAt: now - RATING_WINDOW_MS - 1, rated: false }, 'This conversation was closed too long ago to rate it.'],
    [{ status: 'closed' as const, closedAt: now - 1000, rated: true }, 'You have already rated this conversation. Thank you!'],
    [{ status: 'open' as const, closedAt: null, rated: false }, 'This conversation is still open.'],
  ])('%o → %s', (c, refusal) => expect(ratingRefusal(c, now)).toBe(refusal));
});

describe('ratingText', () => {
  it('says the score in numbers and words, and the comment when there is one', () => {
    expect(ratingText('Vera Visitor', 4, 'Quick answer')).toBe('Vera Visitor rated this 4 of 5 (Good): “Quick answer”');
    expect(ratingText('Vera Visitor', 1, null)).toBe('Vera Visitor rated this 1 of 5 (Very bad)');
  });
});
