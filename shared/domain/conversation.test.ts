import { describe, expect, it } from 'vitest';
import { assign, close, planInbound, planReply, unassign, type ConversationState } from './conversation';
import { checkClosingNote, type ClosingPolicy } from './closingNote';

const unassigned: ConversationState = { status: 'open', assigneeId: null, version: 3 };
const mine: ConversationState = { status: 'open', assigneeId: 'ana', version: 3 };
const closed: ConversationState = { status: 'closed', assigneeId: null, version: 3 };

describe('messages', () => {
  it.each([
    ['no conversation', null, { open: true, assigneeId: null }],
    ['a closed one', closed, { open: true, assigneeId: null }],
    ['an open one', unassigned, { open: false, assignTo: null }],
    ['an assigned one', mine, { open: false, assignTo: null }],
  ] as const)('inbound with %s', (_name, state, plan) => expect(planInbound(state)).toEqual(plan));

  it.each([
    ['no conversation', null, { open: true, assigneeId: 'bo' }],
    ['a closed one', closed, { open: true, assigneeId: 'bo' }],
    ['an unassigned one', unassigned, { open: false, assignTo: 'bo' }],
    ['one assigned to someone else', mine, { open: false, assignTo: null }],
  ] as const)('reply by bo with %s', (_name, state, plan) => expect(planReply(state, 'bo')).toEqual(plan));
});

describe('transitions', () => {
  it.each([
    ['assign unassigned', () => assign(unassigned, 3, 'bo', true), { ok: true, next: { status: 'open', assigneeId: 'bo', version: 4 }, changed: true }],
    ['reassign', () => assign(mine, 3, 'bo', true), { ok: true, next: { status: 'open', assigneeId: 'bo', version: 4 }, changed: true }],
    ['assign to the same member is a no-op', () => assign(mine, 3, 'ana', true), { ok: true, next: mine, changed: false }],
    ['assign to a non-member', () => assign(unassigned, 3, 'eve', false), { ok: false, code: 'notMember' }],
    ['assign with a stale version', () => assign(mine, 2, 'bo', true), { ok: false, code: 'conflict', current: mine }],
    ['assign a closed conversation', () => assign(closed, 3, 'bo', true), { ok: false, code: 'closed' }],
    ['unassign', () => unassign(mine, 3), { ok: true, next: { status: 'open', assigneeId: null, version: 4 }, changed: true }],
    ['unassign unassigned is a no-op', () => unassign(unassigned, 3), { ok: true, next: unassigned, changed: false }],
    ['unassign stale', () => unassign(mine, 4), { ok: false, code: 'conflict' }],
    ['close clears the assignee', () => close(mine, 3, null), { ok: true, next: { status: 'closed', assigneeId: null, version: 4 }, changed: true }],
    ['close without the required note', () => close(mine, 3, 'Pick a closing category'), { ok: false, code: 'noteRequired' }],
    ['close twice', () => close(closed, 3, null), { ok: false, code: 'closed' }],
    ['close stale', () => close(mine, 1, null), { ok: false, code: 'conflict' }],
  ] as const)('%s', (_name, run, expected) => expect(run()).toMatchObject(expected));
});

describe('closing-note policy', () => {
  const cats = ['Solved', 'Spam'];
  it.each([
    ['off', { category: 'Solved', summary: 'x' }, { ok: true, note: null }],
    ['optional', null, { ok: true, note: null }],
    ['optional', { category: '', summary: '  ' }, { ok: true, note: null }],
    ['optional', { summary: 'Refunded' }, { ok: true, note: { category: null, summary: 'Refunded' } }],
    ['optional', { category: 'Nope' }, { ok: false }],
    ['category', { summary: 'x' }, { ok: false }],
    ['category', { category: 'Spam' }, { ok: true, note: { category: 'Spam', summary: null } }],
    ['categoryAndSummary', { category: 'Solved' }, { ok: false }],
    ['categoryAndSummary', { category: 'Solved', summary: 'Sent a new card' }, { ok: true, note: { category: 'Solved', summary: 'Sent a new card' } }],
    ['optional', { summary: 'x'.repeat(2001) }, { ok: false }],
  ] as Array<[ClosingPolicy, object | null, object]>)('%s with %j', (policy, note, expected) => {
    expect(checkClosingNote(policy, cats, note)).toMatchObject(expected);
  });
});
