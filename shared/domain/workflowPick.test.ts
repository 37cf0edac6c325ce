import { describe, expect, it } from 'vitest';
import { noneEligibleWhy, pickLeastOpen, pickRoundRobin } from './workflowPick';
import type { AssignPool, Facts } from './workflowEngine';

const member = (userId: string, openCount = 0, online = true) => ({ userId, online, openCount });
const members: Facts['members'] = [member('ann', 2), member('bob', 1), member('cat', 1, false), member('dan', 5)];
const pool = (userIds: string[], onlineOnly = false, capacity: number | null = null): AssignPool => ({ userIds, onlineOnly, capacity });

describe('pickRoundRobin', () => {
  it.each([
    { what: 'no cursor starts at the top', pool: pool(['ann', 'bob', 'cat']), last: null, picked: 'ann' },
    { what: 'continues after the cursor', pool: pool(['ann', 'bob', 'cat']), last: 'ann', picked: 'bob' },
    { what: 'wraps around after the last one', pool: pool(['ann', 'bob', 'cat']), last: 'cat', picked: 'ann' },
    { what: 'a cursor no longer in the pool starts at the top', pool: pool(['bob', 'cat']), last: 'ann', picked: 'bob' },
    { what: 'skips offline members when online-only', pool: pool(['ann', 'bob', 'cat'], true), last: 'bob', picked: 'ann' },
    { what: 'offline members are fine when not online-only', pool: pool(['ann', 'bob', 'cat']), last: 'bob', picked: 'cat' },
    { what: 'skips members at capacity', pool: pool(['ann', 'bob', 'dan'], false, 2), last: null, picked: 'bob' },
    { what: 'capacity counts open conversations (< capacity)', pool: pool(['ann', 'dan'], false, 5), last: 'ann', picked: 'ann' },
    { what: 'everyone at capacity: nobody', pool: pool(['ann', 'dan'], false, 2), last: null, picked: null },
    { what: 'nobody online: nobody', pool: pool(['cat'], true), last: null, picked: null },
    { what: 'a non-member in the pool is never picked', pool: pool(['ghost', 'bob']), last: 'bob', picked: 'bob' },
    { what: 'only non-members: nobody', pool: pool(['ghost', 'ghoul']), last: null, picked: null },
    { what: 'a cursor on a non-member still moves on', pool: pool(['ann', 'ghost', 'bob']), last: 'ghost', picked: 'bob' },
    { what: 'the only eligible member is picked again', pool: pool(['ann', 'cat'], true), last: 'ann', picked: 'ann' },
    { what: 'a member listed twice counts once', pool: pool(['ann', 'ann', 'bob']), last: 'ann', picked: 'bob' },
    { what: 'an empty pool: nobody', pool: pool([]), last: null, picked: null },
  ])('$what', ({ pool, last, picked }) => {
    expect(pickRoundRobin(pool, members, last)).toBe(picked);
  });
});

describe('pickLeastOpen', () => {
  it.each([
    { what: 'fewest open conversations', pool: pool(['ann', 'bob', 'dan']), picked: 'bob' },
    { what: 'ties go to the first in the pool (bob first)', pool: pool(['bob', 'cat']), picked: 'bob' },
    { what: 'ties go to the first in the pool (cat first)', pool: pool(['cat', 'bob']), picked: 'cat' },
    { what: 'online-only leaves out the offline one', pool: pool(['cat', 'bob'], true), picked: 'bob' },
    { what: 'online-only with nobody online', pool: pool(['cat'], true), picked: null },
    { what: 'capacity leaves out the busy ones', pool: pool(['dan', 'ann'], false, 3), picked: 'ann' },
    { what: 'everyone at capacity', pool: pool(['ann', 'dan'], false, 2), picked: null },
    { what: 'a non-member with no open conversations is never picked', pool: pool(['ghost', 'dan']), picked: 'dan' },
    { what: 'an empty pool', pool: pool([]), picked: null },
  ])('$what', ({ pool, picked }) => {
    expect(pickLeastOpen(pool, members)).toBe(picked);
  });
});

describe('noneEligibleWhy', () => {
  it.each([
    { pool: pool(['ghost']), why: 'None of the chosen members is in this space' },
    { pool: pool(['cat'], true), why: 'No chosen member is online' },
    { pool: pool(['ann', 'cat'], true, 1), why: 'No online member under capacity' },
    { pool: pool(['ann', 'dan'], false, 2), why: 'No member under capacity' },
  ])('$why', ({ pool, why }) => {
    expect(noneEligibleWhy(pool, members)).toBe(why);
  });
});
