import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RequestQueue } from "./request-queue.js";

interface Item {
  priority: number;
  seq: number;
}

type Op =
  | { kind: "push"; priority: number }
  | { kind: "move"; which: number; priority: number }
  | { kind: "delete"; which: number }
  | { kind: "pop" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("push" as const), priority: fc.integer({ min: 0, max: 9 }) }),
  fc.record({
    kind: fc.constant("move" as const),
    which: fc.nat(),
    priority: fc.integer({ min: 0, max: 9 }),
  }),
  fc.record({ kind: fc.constant("delete" as const), which: fc.nat() }),
  fc.constant({ kind: "pop" as const }),
);

describe("RequestQueue", () => {
  it("pops what a sorted list would, through pushes, moves and deletes", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const queue = new RequestQueue<Item>();
        const model: Item[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === "push") {
            const item = { priority: o.priority, seq: seq++ };
            queue.push(item);
            model.push(item);
          } else if (o.kind === "move" && model.length > 0) {
            const item = model[o.which % model.length];
            item.priority = o.priority;
            queue.push(item);
          } else if (o.kind === "delete" && model.length > 0) {
            const [item] = model.splice(o.which % model.length, 1);
            queue.delete(item);
          } else if (o.kind === "pop") {
            model.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
            expect(queue.pop()).toBe(model.shift());
          }
          expect(queue.size).toBe(model.length);
        }
      }),
    );
  });

  it("keeps its order through a thousand priority changes", () => {
    const queue = new RequestQueue<Item>();
    const items = Array.from({ length: 100 }, (_, seq) => ({ priority: seq, seq }));
    for (const item of items) queue.push(item);
    for (let round = 0; round < 1000; round++) {
      const item = items[round % 100];
      item.priority = (round * 7919) % 1000;
      queue.push(item);
    }
    expect(queue.size).toBe(100);
    const order: number[] = [];
    for (let item = queue.pop(); item; item = queue.pop()) order.push(item.priority);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order).toHaveLength(100);
  });
});
