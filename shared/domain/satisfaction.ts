/**
 * Customer satisfaction: after a close, a channel that asks (website chat) offers the customer a
 * 1–5 rating and a comment, once per conversation, for a while after the close.
 */
export const RATING_WINDOW_MS = 7 * 24 * 3_600_000;
export const RATING_COMMENT_MAX = 1000;
export const RATING_WORDS: Record<number, string> = { 1: 'Very bad', 2: 'Bad', 3: 'Okay', 4: 'Good', 5: 'Very good' };

/** Whether a closed conversation may still be rated (null = yes), in the customer's words. */
export function ratingRefusal(c: { status: 'open' | 'closed'; closedAt: number | null; rated: boolean }, now: number): string | null {
  if (c.status !== 'closed' || c.closedAt === null) return 'This conversation is still open.';
  if (c.rated) return 'You have already rated this conversation. Thank you!';
  if (now - c.closedAt > RATING_WINDOW_MS) return 'This conversation was closed too long ago to rate it.';
  return null;
}

/** The activity line an agent reads: "Vera rated this 4 of 5 (Good): “Quick answer”". */
export function ratingText(who: string, score: number, comment: string | null): string {
  return `${who} rated this ${score} of 5 (${RATING_WORDS[score]})${comment ? `: “${comment}”` : ''}`;
}

/** The text of the mail that asks an e-mail customer for a rating (the links follow it; the thread shows this). */
export function ratingMailText(channelName: string): string {
  return `Your conversation with ${channelName} is closed. How did we do? Pick a score from 1 (very bad) to 5 (very good) with one of the links below; you may add a comment.`;
}

/** The five links of the rating mail, best first, to the public rating page (`pageUrl`, without a query). */
export function ratingMailLinks(pageUrl: string): string {
  return [5, 4, 3, 2, 1].map((n) => `${n} – ${RATING_WORDS[n]}: ${pageUrl}?score=${n}`).join('\n');
}
