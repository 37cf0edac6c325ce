import { describe, expect, it } from 'vitest';
import { fillSnippet, snippetMatches, unfilledPlaceholders, unknownContactFields, unknownVariables } from './snippetRules';

const ctx = { contact: { name: 'Vera Lind', fields: { plan: 'Pro', empty: '  ' } }, agent: { name: 'Alice Owner' }, space: { name: 'Acme Support' } };

describe('snippet variables', () => {
  it.each([
    ['Hi {{contact.firstName}}!', 'Hi Vera!', []],
    ['Hi {{ contact.name }}, this is {{agent.firstName}} from {{space.name}}.', 'Hi Vera Lind, this is Alice from Acme Support.', []],
    ['{{agent.name}}', 'Alice Owner', []],
    ['Your plan: {{contact.fields.plan}}', 'Your plan: Pro', []],
    ['Value: {{contact.fields.empty}}', 'Value: {{contact.fields.empty}}', ['contact.fields.empty']],
    ['Value: {{contact.fields.missing}}', 'Value: {{contact.fields.missing}}', ['contact.fields.missing']],
    ['Oops {{contact.age}} and {{contact.age}}', 'Oops {{contact.age}} and {{contact.age}}', ['contact.age']],
    ['No variables', 'No variables', []],
  ])('fills %j', (body, text, missing) => expect(fillSnippet(body, ctx)).toEqual({ text, missing }));

  it('a contact with one name has that as first name', () => {
    expect(fillSnippet('{{contact.firstName}}', { ...ctx, contact: { name: 'Madonna' } }).text).toBe('Madonna');
  });

  it.each([
    ['{{contact.firstName}} {{space.name}}', []],
    ['{{contact.age}}', ['contact.age']],
    ['{{ }} {{contact.fields.1bad}}', ['', 'contact.fields.1bad']],
    ['{{contact.fields.plan}}', []],
  ])('unknown variables in %j', (body, unknown) => expect(unknownVariables(body)).toEqual(unknown));

  it.each([
    ['{{contact.fields.plan}} {{contact.fields.city}}', ['plan'], ['contact.fields.city']],
    ['{{contact.fields.plan}} and {{contact.fields.plan}}', [], ['contact.fields.plan']],
    ['{{contact.fields.plan}}', ['plan'], []],
    // Not custom fields (or not valid ones): unknownVariables refuses those, this does not list them.
    ['{{contact.name}} {{contact.age}} {{contact.fields.1bad}}', [], []],
  ])('contact fields of %j the space lacks (has %j)', (body, known, unknown) => expect(unknownContactFields(body, known)).toEqual(unknown));

  it('finds placeholders left in a message', () => {
    expect(unfilledPlaceholders('Hi {{contact.firstName}}')).toEqual(['contact.firstName']);
    expect(unfilledPlaceholders('Hi Vera')).toEqual([]);
  });

  it.each([
    ['', true],
    ['gre', true],
    ['refund', true],
    ['WELCOME', true],
    ['zzz', false],
  ])('matches %j', (q, ok) => expect(snippetMatches({ name: 'Welcome', shortcut: 'greet', body: 'About your refund…' }, q)).toBe(ok));
});
