/** Module lifecycle: compile once, share, re-instantiate after traps, release big memories. */
import { CorruptChunkError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { lz4Decode, lz4Encode } from "./lz4.js";
import {
  compileWasmModule,
  provideWasmModule,
  WASM_MODULE_NAMES,
  wasmModule,
} from "./wasm-modules.js";

const trap = () => new CorruptChunkError("trapped");

describe("WasmModule", () => {
  it("compiles each module once, with no imports", async () => {
    for (const name of WASM_MODULE_NAMES) {
      const module = await compileWasmModule(name);
      expect(await compileWasmModule(name)).toBe(module);
      expect(WebAssembly.Module.imports(module)).toEqual([]);
      const exports = WebAssembly.Module.exports(module).map((e) => e.name);
      expect(exports).toEqual(expect.arrayContaining(["memory", "zk_malloc", "zk_free"]));
    }
  });

  it("re-instantiates after a trap and keeps decoding", async () => {
    const lz4 = wasmModule("lz4");
    const before = await lz4.exports();
    await expect(
      lz4.run(() => {
        throw new WebAssembly.RuntimeError("unreachable");
      }, trap),
    ).rejects.toThrow("trapped");
    const after = await lz4.exports();
    expect(after).not.toBe(before);
    const raw = new Uint8Array(5000).map((_, i) => i % 7);
    expect(await lz4Decode(await lz4Encode(raw, 1), raw.length)).toEqual(raw);
  });

  it("frees per-call allocations, so memory does not grow across calls", async () => {
    const raw = new Uint8Array(1 << 20).map((_, i) => (i >> 6) & 0xff);
    const encoded = await lz4Encode(raw, 1);
    await lz4Decode(encoded, raw.length);
    const exports = await wasmModule("lz4").exports();
    const size = exports.memory.buffer.byteLength;
    for (let i = 0; i < 20; i++) await lz4Decode(encoded, raw.length);
    expect(exports.memory.buffer.byteLength).toBe(size);
  });

  it("drops an instance whose memory grew past the retention limit", async () => {
    const lz4 = wasmModule("lz4");
    const before = await lz4.exports();
    await lz4.run((heap) => heap.alloc(300 * 1024 * 1024), trap);
    expect(await lz4.exports()).not.toBe(before);
  });

  it("uses a module provided from elsewhere (as a worker does)", async () => {
    const module = await compileWasmModule("bz2");
    provideWasmModule("bz2", module);
    expect(await compileWasmModule("bz2")).toBe(module);
    const exports = await wasmModule("bz2").exports();
    expect(typeof exports.zk_malloc).toBe("function");
  });
});
