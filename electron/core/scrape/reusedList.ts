/**
 * A list emptied and refilled on every scrape that keeps its storage when emptied. V8 frees
 * an array's storage on `length = 0`, so a 50,000-entry list regrown each scrape allocated
 * about 600 KB of short-lived arrays, most of them too large for the young generation, and
 * drove the old generation to a full collection every few seconds.
 */
export class ReusedList<T> {
  private items: (T | undefined)[] = [];
  /** The number of entries. */
  n = 0;

  push(x: T): void {
    if (this.n < this.items.length) this.items[this.n] = x;
    else this.items.push(x);
    this.n++;
  }

  /** The entry at i, undefined past the end. */
  at(i: number): T | undefined {
    return i < this.n ? this.items[i] : undefined;
  }

  /** Empties the list; the entries are let go (nothing keeps an old scrape's series alive). */
  clear(): void {
    this.items.fill(undefined, 0, this.n);
    this.n = 0;
  }

  toArray(): T[] {
    return this.items.slice(0, this.n) as T[];
  }
}
