import { describe, expect, it } from "vitest";
import { byteswapInPlace } from "./byte-order.js";

function reference(bytes: Uint8Array, size: number): number[] {
  const out = Array.from(bytes);
  for (let i = 0; i + size <= out.length; i += size) {
    const part = out.slice(i, i + size).reverse();
    out.splice(i, size, ...part);
  }
  return out;
}

describe("byteswapInPlace", () => {
  for (const size of [2, 4, 8, 16]) {
    it(`swaps ${size}-byte elements, aligned or not`, () => {
      for (const offset of [0, 1, 4]) {
        const buf = new Uint8Array(offset + size * 9).map((_, i) => i * 37);
        const view = buf.subarray(offset);
        const expected = reference(view, size);
        byteswapInPlace(view, size);
        expect(Array.from(view)).toEqual(expected);
      }
    });
  }
});
