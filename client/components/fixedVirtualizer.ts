import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type ScrollToOptions, type VirtualItem } from '@tanstack/virtual-core';
import { createComputed, createSignal, onCleanup, onMount, untrack, type Accessor } from 'solid-js';

export interface FixedVirtualizer {
  /** The rows to render now (plain objects; the same array while the range and sizes hold). */
  getVirtualItems: Accessor<VirtualItem[]>;
  getTotalSize: Accessor<number>;
  scrollToIndex(index: number, options?: ScrollToOptions): void;
}

/**
 * A virtualizer (TanStack Virtual's core) for a list whose rows have one known height, with its
 * range in a plain signal. @tanstack/solid-virtual reconciles every range change into a Solid
 * store (a proxy and signals per row, and a diff per scroll event): for rows that are never
 * measured that is garbage on every frame of a fast scroll, and the collections it brings
 * showed as long frames. Lists with measured rows (the thread) keep solid-virtual.
 */
export function createFixedVirtualizer(opts: { count: Accessor<number>; getScrollElement: () => HTMLElement | null; size: number; overscan: number }): FixedVirtualizer {
  const [items, setItems] = createSignal<VirtualItem[]>([]);
  const [total, setTotal] = createSignal(0);
  const publish = (v: Virtualizer<HTMLElement, HTMLElement>) => {
    setItems(v.getVirtualItems());
    setTotal(v.getTotalSize());
  };
  const options = (count: number) => ({
    count,
    getScrollElement: opts.getScrollElement,
    estimateSize: () => opts.size,
    overscan: opts.overscan,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: (v: Virtualizer<HTMLElement, HTMLElement>) => {
      v._willUpdate();
      publish(v);
    },
  });
  const instance = new Virtualizer<HTMLElement, HTMLElement>(options(untrack(opts.count)));
  createComputed(() => {
    instance.setOptions(options(opts.count()));
    instance._willUpdate();
    publish(instance);
  });
  onMount(() => {
    const cleanup = instance._didMount();
    instance._willUpdate();
    onCleanup(cleanup);
  });
  return { getVirtualItems: items, getTotalSize: total, scrollToIndex: (index, o) => instance.scrollToIndex(index, o) };
}
