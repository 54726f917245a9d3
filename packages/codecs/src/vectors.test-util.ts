/** Test helpers: the numcodecs vectors of test-data/, and codecs built from factories. */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  type ChunkData,
  type ChunkSpec,
  type Codec,
  type CodecFactory,
  type CodecFactoryContext,
  type DataType,
  dataTypeFromName,
  type FillValue,
} from "@zarrkit/core";
import { SHARED_FIXTURES } from "../../../tests/support/shared-fixtures.js";
import { BytesCodec } from "./bytes.js";
import { parseV2Dtype } from "./v2-dtype.js";

export interface ArrayVector {
  dtype: string;
  shape: number[];
  hex: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the vectors file is untyped JSON
export type Json = any;

export function loadVectors(): Json {
  return JSON.parse(readFileSync(new URL("../test-data/vectors.json", import.meta.url), "utf8"));
}

export const FIXTURES = pathToFileURL(`${SHARED_FIXTURES}/`);

export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, FIXTURES)));
}

export function fixtureJson(path: string): Json {
  return JSON.parse(readFileSync(new URL(path, FIXTURES), "utf8"));
}

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

export const ctx: CodecFactoryContext = {
  where: "array 'test'",
  createPipeline: () => {
    throw new Error("no nested pipelines in these tests");
  },
};

export function spec(
  dataType: DataType | Parameters<typeof dataTypeFromName>[0],
  shape: number[],
  fillValue: FillValue = 0,
): ChunkSpec {
  return {
    shape,
    dataType: typeof dataType === "string" ? dataTypeFromName(dataType) : dataType,
    fillValue,
  };
}

export async function make<C extends Codec>(
  factory: CodecFactory,
  configuration: Record<string, unknown>,
  chunkSpec: ChunkSpec = spec("uint8", [1]),
): Promise<C> {
  return (await factory(configuration, chunkSpec, ctx)) as C;
}

/** The DataType of a numpy dtype string, keeping its byte order (as core's v2 parser does). */
export function v2DataType(dtype: string): DataType {
  const d = parseV2Dtype(dtype);
  if (!d) throw new Error(`bad dtype ${dtype}`);
  if (d.kind === "numeric") return { ...dataTypeFromName(d.name), endian: d.endian };
  if (d.kind === "unicode")
    return { name: "fixed_length_utf32", itemSize: d.chars * 4, endian: d.endian };
  if (d.kind === "bytes")
    return { name: "null_terminated_bytes", itemSize: d.size, endian: "none" };
  return { name: "string", itemSize: 0, endian: "none" };
}

/** A vector's array, decoded to its in-memory form. */
export function arrayOf(v: ArrayVector): { data: ChunkData; spec: ChunkSpec } {
  const s = spec(v2DataType(v.dtype), v.shape);
  const codec = new BytesCodec("bytes", undefined, "vectors");
  return { data: codec.decode(fromHex(v.hex).slice(), s).data, spec: s };
}

/** Values of a vector's "values" list as JS numbers/bigints (non-finite floats come as "nan"/"inf"). */
export function vectorValue(v: unknown): number | bigint | boolean {
  if (v === "nan") return Number.NaN;
  if (v === "inf") return Number.POSITIVE_INFINITY;
  if (v === "-inf") return Number.NEGATIVE_INFINITY;
  if (typeof v === "string") return BigInt(v);
  return v as number | boolean;
}
