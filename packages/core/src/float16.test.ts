import { describe, expect, it } from "vitest";
import { float16ToNumber, halfBitsOf } from "./float16.js";

describe("halfBitsOf", () => {
  it("gives numpy's float16 bits for doubles (np.array([x]).astype('<f2').view('<u2'))", () => {
    const cases: [number, number][] = [
      [0.333, 0x3554],
      [-0, 0x8000],
      [65519, 0x7bff],
      [65520, 0x7c00],
      [1e-8, 0x0],
      [2 ** -25, 0x0],
      [3 * 2 ** -25, 0x2],
      [1 / 3, 0x3555],
      [-2.5e-5, 0x81a3],
      [Number.NaN, 0x7e00],
      [Number.NEGATIVE_INFINITY, 0xfc00],
    ];
    for (const [x, bits] of cases) expect(halfBitsOf(x), String(x)).toBe(bits);
  });

  it("round-trips every finite half through float16ToNumber", () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00 && h & 0x3ff) continue; // NaNs
      expect(halfBitsOf(float16ToNumber(h))).toBe(h);
    }
  });
});
