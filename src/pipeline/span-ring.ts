/**
 * Fixed-capacity FIFO ring buffer. `push` is O(1) with no allocation; `take(n)` copies out up to n
 * items and clears their slots so the spans can be collected.
 */
export class SpanRing<T> {
  private readonly slots: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** false when full (the caller counts the drop). */
  push(item: T): boolean {
    if (this.count === this.capacity) return false;
    let tail = this.head + this.count;
    if (tail >= this.capacity) tail -= this.capacity;
    this.slots[tail] = item;
    this.count++;
    return true;
  }

  take(n: number): T[] {
    const size = Math.min(n, this.count);
    const out = new Array<T>(size);
    for (let i = 0; i < size; i++) {
      out[i] = this.slots[this.head] as T;
      this.slots[this.head] = undefined;
      this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    }
    this.count -= size;
    if (this.count === 0) this.head = 0;
    return out;
  }

  /** Removes everything; returns how many items there were. */
  clear(): number {
    const size = this.count;
    this.take(size);
    return size;
  }
}
