import { describe, expect, it } from 'vitest';
import { snippetParts } from './search';

describe('snippetParts', () => {
  it.each([
    ['My \u0002order\u0003 is late', [{ text: 'My ', match: false }, { text: 'order', match: true }, { text: ' is late', match: false }]],
    ['\u0002refrig\u0003erator and \u0002order\u0003', [{ text: 'refrig', match: true }, { text: 'erator and ', match: false }, { text: 'order', match: true }]],
    ['no match at all', [{ text: 'no match at all', match: false }]],
    // Brackets and markup in the text are text, not markers.
    ['a [b] <i>c</i> \u0002d\u0003', [{ text: 'a [b] <i>c</i> ', match: false }, { text: 'd', match: true }]],
    // A stray marker inside the text is dropped, never leaves a half-open match.
    ['x\u0002y', [{ text: 'xy', match: false }]],
    ['', []],
  ])('snippetParts(%j)', (raw, parts) => expect(snippetParts(raw)).toEqual(parts));
});
