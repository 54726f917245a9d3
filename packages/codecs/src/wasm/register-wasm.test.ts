import { CodecRegistry } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { registerWasmCodecs, registerWasmZlibCodecs } from "./register-wasm.js";

describe("registerWasmCodecs", () => {
  it("registers the WebAssembly codecs lazily under v3 and numcodecs names", async () => {
    const registry = registerWasmCodecs(new CodecRegistry());
    expect(registry.names().sort()).toEqual(
      [
        "blosc",
        "numcodecs.blosc",
        "numcodecs.bz2",
        "numcodecs.lz4",
        "numcodecs.zstd",
        "zstd",
      ].sort(),
    );
    for (const name of registry.names()) expect(typeof (await registry.get(name))).toBe("function");
  });

  it("optionally registers the zlib WebAssembly gzip/zlib codecs", async () => {
    const registry = registerWasmZlibCodecs(new CodecRegistry());
    expect(registry.names().sort()).toEqual(["gzip", "numcodecs.gzip", "numcodecs.zlib"]);
    const factory = await registry.get("gzip");
    const codec = await factory?.(
      { level: 5 },
      {
        shape: [4],
        dataType: { name: "uint8", itemSize: 1, endian: "none" },
        fillValue: 0,
      },
      { where: "test", createPipeline: () => Promise.reject(new Error("unused")) },
    );
    expect(codec?.name).toBe("gzip");
  });
});
