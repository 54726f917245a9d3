/**
 * Reads a scenario with zarrkit. Two readers share one opened array: one passes the
 * same preallocated `out` buffer on every read (what a viewer that redraws does),
 * one lets zarrkit allocate a fresh result each time (what zarrita always does).
 */
// relative: the workspace root does not depend on the zarrkit package itself
import { registerWasmZlibCodecs } from "../packages/codecs/src/index.js";
import {
  CodecRegistry,
  type DataFor,
  type DataTypeName,
  type DimSelection,
  open,
  registerAllCodecs,
  slice,
} from "../packages/zarrkit/src/index.js";
import type { BenchStore } from "./fs-read-store.js";
import type { SelectionReader } from "./reader.js";
import type { DimSpec, Scenario } from "./scenarios.js";

export interface ZarrkitReaders {
  withOut: SelectionReader;
  fresh: SelectionReader;
}

function toDim(d: DimSpec): DimSelection {
  return d === null || typeof d === "number" ? d : slice(d[0], d[1]);
}

/** The scenario's selection in zarrkit's form. */
export function zarrkitSelection(s: Scenario): DimSelection[] {
  return s.selection.map(toDim);
}

export interface ZarrkitBenchOptions {
  /** Decode gzip/zlib with zlib-in-WASM instead of the default fflate codecs. */
  wasmZlib?: boolean;
}

let wasmZlibRegistry: CodecRegistry | undefined;

/** The default codecs, with gzip and zlib replaced by their WebAssembly versions. */
export function wasmZlibCodecRegistry(): CodecRegistry {
  wasmZlibRegistry ??= registerWasmZlibCodecs(registerAllCodecs(new CodecRegistry()));
  return wasmZlibRegistry;
}

export async function openZarrkit(
  store: BenchStore,
  s: Scenario,
  options: ZarrkitBenchOptions = {},
): Promise<ZarrkitReaders> {
  const registry = options.wasmZlib ? wasmZlibCodecRegistry() : undefined;
  const arr = await open(store, { kind: "array", path: s.array.path, zarrFormat: 2, registry });
  const selection = zarrkitSelection(s);
  // The first read allocates the result; later reads write into that same buffer.
  let out: DataFor<DataTypeName> | undefined;
  return {
    withOut: {
      reusesOutput: true,
      async read() {
        const result = await arr.get(selection, out ? { out } : {});
        out = result.data;
        return asView(result.data);
      },
    },
    fresh: {
      reusesOutput: false,
      async read() {
        return asView((await arr.get(selection)).data);
      },
    },
  };
}

function asView(data: DataFor<DataTypeName>): ArrayBufferView {
  if (!ArrayBuffer.isView(data)) throw new Error("zarrkit returned no typed array");
  return data;
}
