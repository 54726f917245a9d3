/**
 * One element of a fixed-size type read from or written to bytes at an offset, in the
 * type's stored byte order: the fields of structured records, and v2 fill values that
 * zarr-python writes as base64 of an element's bytes.
 */
import type { DataType } from "./data-type.js";
import type { FillValue } from "./fill-value-type.js";
import { float16ToNumber, halfBitsOf } from "./float16.js";

/** A field's value: numbers, bigint (64-bit), strings, [re, im], bytes (records, |V). */
export type RecordElement = number | bigint | string | Uint8Array | readonly [number, number];

const utf8 = new TextDecoder("utf-8", { fatal: true });
const utf8Encoder = new TextEncoder();

/** The element of type `dt` at byte `at` of `view`. */
export function readElement(view: DataView, at: number, dt: DataType): RecordElement {
  const le = dt.endian !== "big";
  switch (dt.name) {
    case "bool":
      return view.getUint8(at) !== 0 ? 1 : 0;
    case "uint8":
      return view.getUint8(at);
    case "int8":
      return view.getInt8(at);
    case "int16":
      return view.getInt16(at, le);
    case "uint16":
      return view.getUint16(at, le);
    case "int32":
      return view.getInt32(at, le);
    case "uint32":
      return view.getUint32(at, le);
    case "int64":
    case "datetime64":
    case "timedelta64":
      return view.getBigInt64(at, le);
    case "uint64":
      return view.getBigUint64(at, le);
    case "float16":
      return float16ToNumber(view.getUint16(at, le));
    case "float32":
      return view.getFloat32(at, le);
    case "float64":
      return view.getFloat64(at, le);
    case "complex64":
      return [view.getFloat32(at, le), view.getFloat32(at + 4, le)];
    case "complex128":
      return [view.getFloat64(at, le), view.getFloat64(at + 8, le)];
    case "null_terminated_bytes": {
      let end = at + dt.itemSize;
      while (end > at && view.getUint8(end - 1) === 0) end--;
      // as the bytes codec reads |S arrays: UTF-8, else latin-1
      // (a copy: TextDecoder refuses views of shared memory)
      const bytes = bytesAt(view, at, end - at).slice();
      try {
        return utf8.decode(bytes);
      } catch {
        let s = "";
        for (const b of bytes) s += String.fromCharCode(b);
        return s;
      }
    }
    case "fixed_length_utf32": {
      let s = "";
      for (let k = 0; k < dt.itemSize; k += 4) {
        const cp = view.getUint32(at + k, le);
        if (cp === 0) break;
        s += String.fromCodePoint(Math.min(cp, 0x10ffff));
      }
      return s;
    }
    case "raw_bits":
    case "structured":
      return bytesAt(view, at, dt.itemSize).slice();
    default:
      throw new TypeError(`a record cannot hold ${dt.name}`);
  }
}

function bytesAt(view: DataView, at: number, length: number): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + at, length);
}

/**
 * Writes `value` as an element of type `dt` at byte `at` of `view` (null writes nothing:
 * the bytes stay zero). Strings of fixed-size string types are cut to fit; records and
 * raw bits take their bytes.
 */
export function writeElement(view: DataView, at: number, dt: DataType, value: FillValue): void {
  const le = dt.endian !== "big";
  if (value === null) return;
  switch (dt.name) {
    case "complex64":
    case "complex128": {
      const [re, im] = Array.isArray(value) ? value : [Number(value), 0];
      const half = dt.name === "complex64" ? 4 : 8;
      writeFloat(view, at, half, re, le);
      writeFloat(view, at + half, half, im, le);
      return;
    }
    case "null_terminated_bytes":
    case "raw_bits":
    case "structured": {
      const bytes = value instanceof Uint8Array ? value : utf8Encoder.encode(String(value));
      bytesAt(view, at, dt.itemSize).set(bytes.subarray(0, dt.itemSize));
      return;
    }
    case "fixed_length_utf32": {
      let k = 0;
      for (const ch of String(value)) {
        if (k >= dt.itemSize) break;
        view.setUint32(at + k, ch.codePointAt(0) ?? 0, le);
        k += 4;
      }
      return;
    }
  }
  const n = typeof value === "bigint" ? value : Number(value);
  switch (dt.name) {
    case "bool":
      view.setUint8(at, n ? 1 : 0);
      return;
    case "uint8":
    case "int8":
      view.setUint8(at, Number(n) & 0xff);
      return;
    case "int16":
    case "uint16":
      view.setUint16(at, Number(n) & 0xffff, le);
      return;
    case "int32":
    case "uint32":
      view.setUint32(at, Number(n) >>> 0, le);
      return;
    case "int64":
    case "uint64":
    case "datetime64":
    case "timedelta64":
      view.setBigUint64(at, BigInt.asUintN(64, BigInt(n)), le);
      return;
    case "float16":
      view.setUint16(at, halfBitsOf(Number(n)), le);
      return;
    case "float32":
    case "float64":
      writeFloat(view, at, dt.itemSize, Number(n), le);
      return;
    default:
      throw new TypeError(`a record cannot hold ${dt.name}`);
  }
}

function writeFloat(view: DataView, at: number, size: number, x: number, le: boolean): void {
  if (size === 4) view.setFloat32(at, x, le);
  else view.setFloat64(at, x, le);
}
