/**
 * Deterministic text for the seeded database: message bodies whose word frequencies give the
 * search benchmark a rare word, a common word, a common pair and a prefix, at any scale.
 */

export { prng } from '../../server/testing/random';

/** The search queries the benchmark times, one per kind (typed as an agent would). */
export const QUERIES = {
  'rare word': 'zanzibar',
  'common word': 'order',
  'two words': 'refund order',
  prefix: 'deliv',
} as const;

/** How many messages carry the rare word, whatever the scale. */
export const RARE_COUNT = 20;

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'shi', 'pe', 'dra', 'gun', 'bel', 'tor', 'an', 'is', 'ul', 'fen', 'mor', 'qui', 'sa'];
// Filler vocabulary: 2,000 made-up words drawn with a Zipf-like skew (a few frequent, most rare).
const FILLER = Array.from({ length: 2000 }, (_, i) => SYLLABLES[i % 20]! + SYLLABLES[Math.floor(i / 20) % 20]! + (i >= 400 ? SYLLABLES[Math.floor(i / 400) % 20]! : ''));
const SUPPORT: Array<[word: string, probability: number]> = [
  ['order', 0.25],
  ['refund', 0.06],
  ['delivery', 0.05],
  ['delivered', 0.03],
  ['deliveries', 0.01],
  ['invoice', 0.04],
  ['account', 0.05],
  ['thanks', 0.1],
];

export const FIRST = ['Ana', 'Ben', 'Chloé', 'Dario', 'Eva', 'Farid', 'Greta', 'Hiro', 'Inès', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tala'];
export const LAST = ['Silva', 'Novak', 'Okafor', 'Berg', 'Rossi', 'Tanaka', 'Dubois', 'Kowalski', 'Haddad', 'Jensen', 'Moreau', 'Ivanova', 'Costa', 'Fischer', 'Nguyen', 'Patel', 'Santos', 'Weber', 'Larsen', 'Mendes'];
export const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Soylent', 'Tyrell'];

/** A message body of 6–14 words; `rare` adds the rare word. */
export function body(rand: () => number, rare = false): string {
  const words: string[] = [];
  const n = 6 + Math.floor(rand() * 9);
  for (let i = 0; i < n; i++) words.push(FILLER[Math.floor(FILLER.length * rand() ** 3)]!);
  for (const [word, p] of SUPPORT) if (rand() < p) words.splice(Math.floor(rand() * words.length), 0, word);
  if (rare) words.splice(Math.floor(rand() * words.length), 0, QUERIES['rare word']);
  words[0] = words[0]![0]!.toUpperCase() + words[0]!.slice(1);
  return `${words.join(' ')}.`;
}
