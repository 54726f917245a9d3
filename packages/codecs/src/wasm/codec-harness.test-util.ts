/** Test helpers: building the WebAssembly codecs from configurations, and the fixtures. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type {
  BytesToBytesCodec,
  ChunkSpec,
  CodecFactory,
  CodecFactoryContext,
  DataTypeName,
} from "@zarrkit/core";
import { bloscFactory, numcodecsBloscFactory } from "./blosc.js";
import { numcodecsBz2Factory } from "./bz2.js";
import { numcodecsLz4Factory } from "./lz4.js";
import {
  wasmGzipFactory,
  wasmNumcodecsGzipFactory,
  wasmNumcodecsZlibFactory,
} from "./zlib-wasm.js";
import { numcodecsZstdFactory, zstdFactory } from "./zstd.js";

export const FACTORIES: Record<string, CodecFactory> = {
  blosc: bloscFactory,
  zstd: zstdFactory,
  gzip: wasmGzipFactory,
  "numcodecs.blosc": numcodecsBloscFactory,
  "numcodecs.zstd": numcodecsZstdFactory,
  "numcodecs.lz4": numcodecsLz4Factory,
  "numcodecs.bz2": numcodecsBz2Factory,
  "numcodecs.zlib": wasmNumcodecsZlibFactory,
  "numcodecs.gzip": wasmNumcodecsGzipFactory,
};

const CTX: CodecFactoryContext = {
  where: "test array",
  createPipeline: () => Promise.reject(new Error("no nested pipelines in these tests")),
};

const DTYPE_BY_SIZE: Record<number, DataTypeName> = { 1: "uint8", 2: "int16", 4: "float32" };

export function specFor(itemSize: number, byteLength: number): ChunkSpec {
  return {
    shape: [byteLength / itemSize],
    dataType: { name: DTYPE_BY_SIZE[itemSize], itemSize, endian: "little" },
    fillValue: 0,
  };
}

export async function makeCodec(
  name: string,
  config: Record<string, unknown>,
  spec: ChunkSpec,
): Promise<BytesToBytesCodec> {
  const codec = await FACTORIES[name](config, spec, CTX);
  if (codec.kind !== "bytes_to_bytes") throw new Error(`${name} is not bytes->bytes`);
  return codec;
}

export interface Fixture {
  codec: string;
  config: Record<string, unknown>;
  input: string;
  blob: Uint8Array;
}

export interface Fixtures {
  inputs: Record<string, { bytes: Uint8Array; itemsize: number }>;
  blobs: Fixture[];
}

interface FixtureIndex {
  inputs: Record<string, { offset: number; length: number; itemsize: number }>;
  blobs: {
    codec: string;
    config: Record<string, unknown>;
    input: string;
    offset: number;
    length: number;
  }[];
}

export function loadFixtures(): Fixtures {
  const dir = fileURLToPath(new URL("./test-data/", import.meta.url));
  const data = new Uint8Array(readFileSync(`${dir}fixtures.bin`));
  const index = JSON.parse(readFileSync(`${dir}fixtures.json`, "utf8")) as FixtureIndex;
  const inputs: Fixtures["inputs"] = {};
  for (const [name, { offset, length, itemsize }] of Object.entries(index.inputs)) {
    inputs[name] = { bytes: data.slice(offset, offset + length), itemsize };
  }
  const blobs = index.blobs.map((b) => ({
    codec: b.codec,
    config: b.config,
    input: b.input,
    blob: data.slice(b.offset, b.offset + b.length),
  }));
  return { inputs, blobs };
}

/** The v3 `blosc` configuration equivalent to a numcodecs one for items of `itemsize`. */
export function bloscV3Config(config: Record<string, unknown>, itemsize: number) {
  const shuffle = config.shuffle as number;
  const resolved = shuffle === -1 ? (itemsize === 1 ? 2 : 1) : shuffle;
  return {
    cname: config.cname,
    clevel: config.clevel,
    shuffle: ["noshuffle", "shuffle", "bitshuffle"][resolved],
    typesize: itemsize,
    blocksize: config.blocksize,
  };
}

export function hex(bytes: Uint8Array, max = 32): string {
  return Buffer.from(bytes.subarray(0, max)).toString("hex");
}
