/**
 * numcodecs configurations name dtypes as numpy does ("<i2", ">f8", "|u1", "int16",
 * "|O", "<U5"). This parses the forms filters use; the prefix is the stored byte order.
 */
import {
  type DataType,
  type NumericDataTypeName,
  numericNameOfV2Code,
  numericSize,
} from "@zarrkit/core";

export type V2Dtype =
  | { kind: "numeric"; name: NumericDataTypeName; endian: "little" | "big" | "none" }
  | { kind: "object" }
  | { kind: "unicode"; chars: number; endian: "little" | "big" }
  | { kind: "bytes"; size: number };

const BY_NAME: Record<string, string> = {
  bool: "b1",
  "?": "b1",
  int8: "i1",
  int16: "i2",
  int32: "i4",
  int64: "i8",
  uint8: "u1",
  uint16: "u2",
  uint32: "u4",
  uint64: "u8",
  float16: "f2",
  float32: "f4",
  float64: "f8",
  float: "f8",
  int: "i8",
  complex64: "c8",
  complex128: "c16",
  complex: "c16",
  object: "O",
};

/** Parses a numpy dtype string; undefined when it is not one filters can use. */
export function parseV2Dtype(text: string): V2Dtype | undefined {
  const named = BY_NAME[text];
  const m = /^([<>|=]?)([a-zA-Z?]\d*)$/.exec(named ?? text);
  if (!m) return undefined;
  const prefix = m[1];
  const code = m[2];
  // "=" and no prefix mean native order, which is little on every platform we run on
  const endian = prefix === ">" ? "big" : "little";
  if (code === "O" || code === "O8") return { kind: "object" };
  const str = /^([SU])(\d+)$/.exec(code);
  if (str) {
    const n = Number(str[2]);
    return str[1] === "U" ? { kind: "unicode", chars: n, endian } : { kind: "bytes", size: n };
  }
  const name = numericNameOfV2Code(code === "?" ? "b1" : code);
  if (!name) return undefined;
  return { kind: "numeric", name, endian: numericSize(name) === 1 ? "none" : endian };
}

/** The DataType for a numeric v2 dtype, keeping its stored byte order. */
export function dataTypeOfV2(d: {
  name: NumericDataTypeName;
  endian: DataType["endian"];
}): DataType {
  return { name: d.name, itemSize: numericSize(d.name), endian: d.endian };
}
