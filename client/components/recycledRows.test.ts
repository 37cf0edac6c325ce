import { describe, expect, it } from 'vitest';
import { assignSlots } from './recycledRows';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const slotsOf = (m: Map<number, number>) => [...m.values()];

describe('assignSlots', () => {
  it('gives a first range one new slot per row, in order', () => {
    expect(slotsOf(assignSlots(new Map(), range(0, 4)))).toEqual([0, 1, 2, 3]);
  });

  it('keeps the slot of every row that stays in range, and gives the one scrolling in the slot that left', () => {
    const first = assignSlots(new Map(), range(0, 4));
    const next = assignSlots(first, range(1, 5));
    expect([...next]).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 0],
    ]);
    // Back up by one: row 0 takes the slot row 4 leaves.
    expect([...assignSlots(next, range(0, 4))]).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('reuses every slot, in the order they were shown, when the list jumps past its range', () => {
    let m = assignSlots(new Map(), range(0, 4));
    m = assignSlots(m, range(2, 6)); // slots shown: 2 3 0 1
    expect(slotsOf(m)).toEqual([2, 3, 0, 1]);
    m = assignSlots(m, range(100, 104));
    expect(slotsOf(m)).toEqual([2, 3, 0, 1]);
    expect(new Set(slotsOf(m)).size).toBe(4);
  });

  it('adds slots when the range grows and drops them when it shrinks, never two rows in one slot', () => {
    let m = assignSlots(new Map(), range(0, 3));
    m = assignSlots(m, range(0, 6));
    expect(slotsOf(m)).toEqual([0, 1, 2, 3, 4, 5]);
    m = assignSlots(m, range(4, 6));
    expect(slotsOf(m)).toEqual([4, 5]);
    m = assignSlots(m, range(4, 9));
    expect(new Set(slotsOf(m)).size).toBe(5);
    expect(slotsOf(m).slice(0, 2)).toEqual([4, 5]);
    expect(slotsOf(assignSlots(m, []))).toEqual([]);
  });
});
