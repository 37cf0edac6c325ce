import { createMemo, type Accessor } from 'solid-js';

/**
 * Gives each row of a virtual list a slot (a small number) that keeps its element: a row that
 * stays in range keeps its slot; a row scrolling in takes the slot of one that scrolled out, in
 * the order they were shown. `previous` and the result map a row's index to its slot, in the
 * order of `indexes`. Pure, so the recycling is tested without a browser.
 */
export function assignSlots(previous: ReadonlyMap<number, number>, indexes: readonly number[]): Map<number, number> {
  const wanted = new Set(indexes);
  const free: number[] = [];
  let fresh = 0;
  for (const [index, slot] of previous) {
    if (!wanted.has(index)) free.push(slot);
    fresh = Math.max(fresh, slot + 1);
  }
  const next = new Map<number, number>();
  let nextFree = 0;
  for (const index of indexes) next.set(index, previous.get(index) ?? (nextFree < free.length ? free[nextFree++]! : fresh++));
  return next;
}

/**
 * Recycled row elements for a virtual list (`items` are its virtual items, which carry their
 * index): render `<For each={slots()}>` and read the row a slot shows now with `item(slot)`.
 * Scrolling then moves and updates a few existing elements instead of building every row that
 * comes into view and tearing down every row that leaves it: at a fast scroll through thousands
 * of rows that was most of each frame (element creation, layout of new boxes, and the garbage).
 * A slot's element stays in the DOM in the rows' order, so reading order and keyboard order hold.
 */
export function createRecycledRows<T extends { index: number }>(items: Accessor<readonly T[]>): { slots: Accessor<number[]>; item: (slot: number) => Accessor<T | undefined> } {
  let slotOf = new Map<number, number>();
  const layout = createMemo(() => {
    const list = items();
    slotOf = assignSlots(
      slotOf,
      list.map((v) => v.index),
    );
    const bySlot = new Map<number, T>();
    for (const v of list) bySlot.set(slotOf.get(v.index)!, v);
    return { slots: [...slotOf.values()], bySlot };
  });
  const slots = createMemo(() => layout().slots, [], { equals: (a, b) => a.length === b.length && a.every((s, i) => s === b[i]) });
  return { slots, item: (slot) => createMemo(() => layout().bySlot.get(slot)) };
}
