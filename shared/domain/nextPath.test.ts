import { describe, expect, it } from 'vitest';
import { safeNextPath } from './nextPath';

describe('safeNextPath (the login screen’s ?next=)', () => {
  it.each([
    ['/', '/'],
    ['/s/abc/messages', '/s/abc/messages'],
    ['/s/abc/contacts?q=ann#top', '/s/abc/contacts?q=ann#top'],
    ['/invite/tok_en', '/invite/tok_en'],
  ])('keeps the same-origin path %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    ['protocol-relative', '//evil.example'],
    ['protocol-relative with a path', '//evil.example/s/abc'],
    ['backslash (browsers read it as a slash)', '/\\evil.example'],
    ['backslash first', '\\\\evil.example'],
    ['absolute URL', 'https://evil.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['relative', 'messages'],
    ['tab inside the scheme-relative prefix', '/\t/evil.example'],
    ['newline', '/\n/evil.example'],
    ['empty', ''],
    ['not a string', undefined],
    ['an array', ['/a', '/b']],
  ])('sends %s to / instead', (_label, next) => {
    expect(safeNextPath(next)).toBe('/');
  });
});
