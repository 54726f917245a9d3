/**
 * The queued requests of one scheduler pool, lowest priority value first (ties: first
 * queued first): a binary heap with lazy updates. A priority change pushes a new node;
 * nodes of requests that left the queue or changed since are skipped when they surface,
 * and the heap is rebuilt when stale nodes outnumber live ones, so it stays O(log n) a
 * step and O(n) in size.
 */

export interface Queued {
  /** Lower runs sooner. */
  readonly priority: number;
  /** Submission order, for ties. */
  readonly seq: number;
}

interface Node<T> {
  readonly item: T;
  readonly priority: number;
  readonly seq: number;
}

export class RequestQueue<T extends Queued> {
  readonly #live = new Map<T, Node<T>>();
  #heap: Node<T>[] = [];

  get size(): number {
    return this.#live.size;
  }

  has(item: T): boolean {
    return this.#live.has(item);
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.#live.keys();
  }

  /** Queues `item` at its current priority, or moves it there if queued already. */
  push(item: T): void {
    const current = this.#live.get(item);
    if (current && current.priority === item.priority) return;
    const node = { item, priority: item.priority, seq: item.seq };
    this.#live.set(item, node);
    this.#heap.push(node);
    this.#up(this.#heap.length - 1);
    if (this.#heap.length > 4 * this.#live.size + 64) this.#rebuild();
  }

  delete(item: T): void {
    this.#live.delete(item);
  }

  /** Takes the most urgent item out, or undefined when none is queued. */
  pop(): T | undefined {
    while (this.#heap.length > 0) {
      const top = this.#heap[0];
      const last = this.#heap.pop() as Node<T>;
      if (this.#heap.length > 0) {
        this.#heap[0] = last;
        this.#down(0);
      }
      if (this.#live.get(top.item) === top) {
        this.#live.delete(top.item);
        return top.item;
      }
    }
    return undefined;
  }

  #rebuild(): void {
    this.#heap = [...this.#live.values()];
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) return;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
}

function before<T>(a: Node<T>, b: Node<T>): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq);
}
