import { describe, expect, it } from "vitest";
import { floatBitsToHalfBits, halfToFloatTable, roundToFloat16 } from "./float16.js";
import { fromHex, loadVectors } from "./vectors.test-util.js";

describe("float16", () => {
  it("widens and narrows every half bit pattern back to itself", () => {
    const table = halfToFloatTable();
    const bits = new Uint32Array(table.buffer);
    const wrong: number[] = [];
    for (let h = 0; h < 65536; h++) if (floatBitsToHalfBits(bits[h]) !== h) wrong.push(h);
    expect(wrong).toEqual([]);
  });

  it("rounds doubles to half as numpy's astype does", () => {
    const v = loadVectors().float64_to_float16;
    const input = new Float64Array(fromHex(v.input.hex).buffer);
    const halves = new Uint16Array(fromHex(v.output.hex).buffer);
    const table = halfToFloatTable();
    for (let i = 0; i < input.length; i++) expect(roundToFloat16(input[i])).toBe(table[halves[i]]);
  });

  it("keeps specials and saturates to infinity", () => {
    expect(roundToFloat16(65519)).toBe(65504);
    expect(roundToFloat16(65520)).toBe(Number.POSITIVE_INFINITY);
    expect(roundToFloat16(-1e9)).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(roundToFloat16(-0), -0)).toBe(true);
    expect(roundToFloat16(2 ** -25)).toBe(0);
    expect(roundToFloat16(2 ** -25 * 1.5)).toBe(2 ** -24);
    expect(roundToFloat16(Number.NaN)).toBeNaN();
  });
});
