import { describe, expect, it } from 'vitest';
import { ccAddProblem, ccAddressProblem, EMAIL_CC_MAX, splitAddresses } from './emailCc';

describe('ccAddressProblem', () => {
  it.each([
    ['bob@customer.test', null],
    ['  Bob.Colleague+x@Sub.Customer.test ', null],
    ['', 'Type an e-mail address.'],
    ['bob', '“bob” is not an e-mail address (like name@example.com).'],
    ['bob@localhost', '“bob@localhost” is not an e-mail address (like name@example.com).'],
    ['bob@@x.test', '“bob@@x.test” is not an e-mail address (like name@example.com).'],
    ['Bob <bob@x.test>', '“Bob <bob@x.test>” is not an e-mail address (like name@example.com).'],
    ['a,b@x.test', '“a,b@x.test” is not an e-mail address (like name@example.com).'],
    ['bob@-x.test', '“bob@-x.test” is not an e-mail address (like name@example.com).'],
    [`${'a'.repeat(250)}@x.test`, 'An e-mail address is at most 254 characters.'],
  ])('%j → %s', (address, problem) => expect(ccAddressProblem(address)).toBe(problem));
});

describe('ccAddProblem', () => {
  it('refuses an address already there (case-insensitively) and more than the limit', () => {
    expect(ccAddProblem(['bob@x.test'], 'BOB@x.test')).toBe('bob@x.test is already in Cc.');
    const full = Array.from({ length: EMAIL_CC_MAX }, (_, i) => `p${i}@x.test`);
    expect(ccAddProblem(full, 'new@x.test')).toBe(`A reply has at most ${EMAIL_CC_MAX} Cc addresses.`);
    expect(ccAddProblem(full.slice(1), 'new@x.test')).toBeNull();
  });
});

describe('splitAddresses', () => {
  it('splits on commas, semicolons and spaces', () => {
    expect(splitAddresses(' a@x.test, b@y.test;c@z.test  d@w.test ,')).toEqual(['a@x.test', 'b@y.test', 'c@z.test', 'd@w.test']);
  });
});
