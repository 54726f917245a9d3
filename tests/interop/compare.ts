/**
 * Compares what zarrkit read with expected values written under the CLI's JSON rules
 * (NaN/±Infinity as strings, big 64-bit integers as decimal strings, complex as
 * [re, im], bytes as latin-1 strings). Independent of the CLI's own encoder.
 */
import type { ChunkData, DataTypeName } from "zarrkit";

export type ExpectedElement = number | string | boolean | null | [number | string, number | string];

function expectedFloat(e: number | string): number {
  if (e === "NaN") return Number.NaN;
  if (e === "Infinity") return Number.POSITIVE_INFINITY;
  if (e === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (typeof e !== "number") throw new Error(`expected a float, got ${JSON.stringify(e)}`);
  return e;
}

function sameFloat(actual: number, expected: number | string, single: boolean): boolean {
  const e = expectedFloat(expected);
  if (Number.isNaN(e)) return Number.isNaN(actual);
  // JSON has no -0, so 0 and -0 compare equal
  return actual === (single ? Math.fround(e) : e);
}

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** The element at flat index i as text, for messages. */
function show(data: ChunkData, i: number, complex: boolean): string {
  if (Array.isArray(data)) {
    const v = data[i];
    return JSON.stringify(typeof v === "string" ? v : latin1(v));
  }
  if (complex) return `[${data[2 * i]}, ${data[2 * i + 1]}]`;
  return String(data[i]);
}

function elementMatches(
  data: ChunkData,
  i: number,
  e: ExpectedElement,
  name: DataTypeName,
): boolean {
  if (Array.isArray(data)) {
    const v = data[i];
    const text = typeof v === "string" ? v : latin1(v);
    return e === null ? text === "" : text === e;
  }
  if (name === "complex64" || name === "complex128") {
    if (!Array.isArray(e)) return false;
    const single = name === "complex64";
    return (
      sameFloat(data[2 * i] as number, e[0], single) &&
      sameFloat(data[2 * i + 1] as number, e[1], single)
    );
  }
  const v = data[i];
  if (typeof v === "bigint") {
    return (typeof e === "number" || typeof e === "string") && v === BigInt(e);
  }
  if (name === "bool") return typeof e === "boolean" && v === (e ? 1 : 0);
  if (name === "float16" || name === "float32") return sameFloat(v, e as number, true);
  if (name === "float64") return sameFloat(v, e as number, false);
  return v === e;
}

/**
 * Null if equal, else a message naming the first few mismatches. `null` expected
 * strings (object arrays with fill null) match "".
 */
export function diffElements(
  actual: ChunkData,
  name: DataTypeName,
  expected: readonly ExpectedElement[],
): string | null {
  const complex = name === "complex64" || name === "complex128";
  const count = Array.isArray(actual) ? actual.length : actual.length / (complex ? 2 : 1);
  if (count !== expected.length) return `length ${count}, expected ${expected.length}`;
  const bad: string[] = [];
  for (let i = 0; i < count && bad.length < 5; i++) {
    if (!elementMatches(actual, i, expected[i], name)) {
      bad.push(`[${i}] got ${show(actual, i, complex)}, expected ${JSON.stringify(expected[i])}`);
    }
  }
  return bad.length === 0 ? null : bad.join("; ");
}

/** C-order strides (in elements) for a shape. */
export function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/** A JSON float from the CLI (shortest float32 text for single types) against an expected one. */
function sameJsonFloat(got: unknown, e: number | string, single: boolean): boolean {
  if (typeof got !== "number" && typeof got !== "string") return false;
  const g = expectedFloat(got);
  return sameFloat(single ? Math.fround(g) : g, e, single);
}

/** Compares a JSON value from the CLI with an expected element (same rules). */
export function jsonElementMatches(got: unknown, e: ExpectedElement, name: DataTypeName): boolean {
  const single = name === "float32" || name === "float16" || name === "complex64";
  if (name === "complex64" || name === "complex128") {
    return (
      Array.isArray(got) &&
      Array.isArray(e) &&
      got.length === 2 &&
      sameJsonFloat(got[0], e[0], single) &&
      sameJsonFloat(got[1], e[1], single)
    );
  }
  if (name.startsWith("float")) {
    return sameJsonFloat(got, e as number, single);
  }
  if (e === null) return got === "" || got === null;
  return got === e;
}

/** A get() result's data, after checking that its strides are the C-order ones it promises. */
export function cOrderData(result: {
  data: ChunkData;
  shape: readonly number[];
  stride?: readonly number[];
}): ChunkData {
  const { shape, stride } = result;
  const c = cStrides(shape);
  if (stride && !stride.every((s, d) => s === c[d] || shape[d] <= 1)) {
    throw new Error(`get() returned strides [${stride}], not the C-order [${c}] of [${shape}]`);
  }
  return result.data;
}
