/** Test data for every data type the write tests cover, in zarrkit's in-memory form. */
import type { ChunkData } from "../data-type.js";

/** Value i of a test pattern for each data type (in-memory form). */
export function sample(dtype: string, n: number, seed = 0): ChunkData {
  const k = (i: number) => i + seed;
  switch (dtype) {
    case "bool":
      return Uint8Array.from({ length: n }, (_, i) => ((k(i) * 7) % 3 === 0 ? 1 : 0));
    case "int8":
      return Int8Array.from({ length: n }, (_, i) => (k(i) % 200) - 100);
    case "uint8":
      return Uint8Array.from({ length: n }, (_, i) => (k(i) * 3) % 256);
    case "int16":
      return Int16Array.from({ length: n }, (_, i) => k(i) * 97 - 3000);
    case "uint16":
      return Uint16Array.from({ length: n }, (_, i) => k(i) * 301);
    case "int32":
      return Int32Array.from({ length: n }, (_, i) => k(i) * 100003 - 2 ** 30);
    case "uint32":
      return Uint32Array.from({ length: n }, (_, i) => 2 ** 32 - 1 - k(i) * 7);
    case "int64":
      return BigInt64Array.from({ length: n }, (_, i) => 2n ** 60n + BigInt(k(i)) * -(3n ** 30n));
    case "uint64":
      return BigUint64Array.from({ length: n }, (_, i) => 2n ** 64n - 1n - BigInt(k(i)));
    case "float16":
      return Float32Array.from({ length: n }, (_, i) => k(i) * 0.5 - 10);
    case "float32":
      return Float32Array.from({ length: n }, (_, i) => k(i) * 0.25 - 3.5);
    case "float64":
      return Float64Array.from({ length: n }, (_, i) => k(i) / 3 - 1e10);
    case "complex64":
      return Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? -1 : 1) * (k(i) + 0.5));
    case "complex128":
      return Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 ? -1 : 1) * (k(i) / 7));
    case "<U6":
      return Array.from({ length: n }, (_, i) => `é${k(i)}`);
    case "|S5":
      return Array.from({ length: n }, (_, i) => `b${k(i)}`);
    default:
      return Array.from({ length: n }, (_, i) => `s-${k(i)}-ü`);
  }
}

/** The data types the write tests cover: every v3 name but "bytes", and two v2 fixed-size strings. */
export const DTYPES = [
  "bool",
  "int8",
  "uint8",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "int64",
  "uint64",
  "float16",
  "float32",
  "float64",
  "complex64",
  "complex128",
  "string",
  "<U6",
  "|S5",
];
