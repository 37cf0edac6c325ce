/**
 * Ids kept in order by a sort key, changed one id at a time: insert, move and remove find their
 * place by binary search, so a change costs O(log n) comparisons (plus one array splice) instead
 * of re-sorting every record. Pass keys as small copies (not live records): a key changed in place
 * after it was given would break the order (its removal still finds it, by a scan).
 */
export class SortedIds<K> {
  private list: string[] = [];
  private readonly keys = new Map<string, K>();

  /** `compare` must be a total order (break ties by id) so every id has exactly one place. */
  constructor(private readonly compare: (a: K, b: K) => number) {}

  /** The ids in order. The same array between changes; replaced (never mutated) by a change, so a reader can keep it. */
  get ids(): readonly string[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  has(id: string): boolean {
    return this.keys.has(id);
  }

  /** The first index whose key sorts at or after `key`. */
  private lowerBound(key: K): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.keys.get(this.list[mid]!)!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Applies a batch of changes: each id with its new sort key, or undefined to remove it. A big
   * batch (a first sync, IndexedDB loading) is one sort; a small one is placed id by id.
   */
  apply(changes: Iterable<readonly [string, K | undefined]>): void {
    const batch = [...changes];
    if (batch.length === 0) return;
    if (batch.length > 64 && batch.length * 8 > this.list.length) {
      for (const [id, key] of batch) {
        if (key === undefined) this.keys.delete(id);
        else this.keys.set(id, key);
      }
      this.list = [...this.keys.keys()].sort((a, b) => this.compare(this.keys.get(a)!, this.keys.get(b)!));
      return;
    }
    const next = this.list.slice();
    this.list = next;
    for (const [id, key] of batch) {
      const old = this.keys.get(id);
      if (old !== undefined) {
        if (key !== undefined && this.compare(old, key) === 0) {
          this.keys.set(id, key);
          continue;
        }
        let at = this.lowerBound(old);
        if (next[at] !== id) at = next.indexOf(id);
        next.splice(at, 1);
        this.keys.delete(id);
      }
      if (key === undefined) continue;
      next.splice(this.lowerBound(key), 0, id);
      this.keys.set(id, key);
    }
  }

  /** Starts over with exactly these ids and keys. */
  reset(entries: Iterable<readonly [string, K]>): void {
    this.keys.clear();
    this.list = [];
    this.apply([...entries].map(([id, key]) => [id, key] as const));
    // apply() only sorts in one go above a size; a small reset is placed one by one, also sorted.
  }
}
