import { describe, expect, it } from 'vitest';
import { bodyParts, mentionToken, parseMentions, plainText } from './mentions';

const ANA = 'anaAAAAA1';
const BO = 'boBBBBBB2';

describe('mentions', () => {
  it.each([
    ['no mention', 'hello', []],
    ['one', `hi ${mentionToken(ANA)}`, [ANA]],
    ['two, first appearance order, once each', `${mentionToken(BO)} and ${mentionToken(ANA)} and ${mentionToken(BO)}`, [BO, ANA]],
    ['a token with a bad id is text', 'hi <@x> <@a.b.c.d.e.f.g>', []],
    ['an e-mail is not a mention', 'write to ana@example.com', []],
  ])('parseMentions: %s', (_what, body, ids) => {
    expect(parseMentions(body)).toEqual(ids);
  });

  it('splits a body into text and mention parts', () => {
    expect(bodyParts(`${mentionToken(ANA)} can you call? cc ${mentionToken(BO)}`)).toEqual([
      { kind: 'mention', userId: ANA },
      { kind: 'text', text: ' can you call? cc ' },
      { kind: 'mention', userId: BO },
    ]);
    expect(bodyParts('')).toEqual([]);
  });

  it('renders the current name of each mentioned member (a rename shows the new name)', () => {
    const names: Record<string, string> = { [ANA]: 'Ana', [BO]: 'Bo' };
    const body = `ask ${mentionToken(ANA)}`;
    expect(plainText(body, (id) => names[id] ?? 'someone')).toBe('ask @Ana');
    names[ANA] = 'Ana Lima';
    expect(plainText(body, (id) => names[id] ?? 'someone')).toBe('ask @Ana Lima');
  });
});
