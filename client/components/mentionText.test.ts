import { describe, expect, it } from 'vitest';
import { matchMembers, mentionQuery, toDisplay, toTokens } from './mentionText';

const members = [
  { userId: 'ana00000', name: 'Ana' },
  { userId: 'anamaria', name: 'Ana María' },
  { userId: 'bob00000', name: 'Bob Agent' },
  { userId: 'bob11111', name: 'Bob Agent' },
];

describe('toTokens', () => {
  it.each([
    ['@Bob Agent can you check?', [], '<@bob00000> can you check?'],
    ['@Bob Agent can you check?', ['bob11111'], '<@bob11111> can you check?'],
    ['@Ana María and @Ana.', [], '<@anamaria> and <@ana00000>.'],
    ['@Anabel is not a member', [], '@Anabel is not a member'],
    ['mail ana@example.com', [], 'mail ana@example.com'],
    ['no mentions', [], 'no mentions'],
  ])('%s (preferred %j)', (text, preferred, expected) => {
    expect(toTokens(text, members, preferred as string[])).toBe(expected);
  });

  it('round-trips with toDisplay', () => {
    const body = '<@anamaria> and <@bob00000>';
    const names: Record<string, string> = { anamaria: 'Ana María', bob00000: 'Bob Agent' };
    expect(toTokens(toDisplay(body, (id) => names[id]!), members)).toBe(body);
  });
});

describe('mentionQuery', () => {
  it.each([
    ['hello @bo', 9, { start: 6, query: 'bo' }],
    ['@', 1, { start: 0, query: '' }],
    ['mail ana@ex', 11, null],
    ['@bob done', 9, null],
  ])('%s at %i', (text, caret, expected) => {
    expect(mentionQuery(text, caret)).toEqual(expected);
  });
});

describe('matchMembers', () => {
  it('matches the start of any word, names that start with it first', () => {
    expect(matchMembers(members, 'ag').map((m) => m.userId)).toEqual(['bob00000', 'bob11111']);
    expect(matchMembers(members, 'ana').map((m) => m.name)).toEqual(['Ana', 'Ana María']);
    expect(matchMembers(members, 'zz')).toEqual([]);
  });
});
