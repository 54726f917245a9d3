/**
 * deflate-decode.wasm is compiled lazily, once, on the first bounded gzip/zlib decode, and
 * zlib.wasm is not needed for bounded decodes libdeflate takes. (Its own file: it needs
 * a fresh module registry, which vitest gives each test file.)
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { WASM_MODULE_NAMES } from "./wasm-modules.js";
import { zlibWasmDecode } from "./zlib-wasm.js";

// "hello" as gzip (Python's framing) and zlib, level 1
const GZIP = Buffer.from("1f8b08000000000004ffcb48cdc9c9070086a6103605000000", "hex");
const ZLIB = Buffer.from("7801cb48cdc9c90700062c0215", "hex");
const HELLO = Buffer.from("hello");

describe("deflate-decode.wasm loading", () => {
  const compile = vi.spyOn(WebAssembly, "compile");
  afterAll(() => compile.mockRestore());

  it("is listed, so worker pools compile it and post it to workers", () => {
    expect(WASM_MODULE_NAMES).toContain("deflate-decode");
  });

  it("compiles only libdeflate for bounded decodes, once", async () => {
    expect(compile).not.toHaveBeenCalled();
    expect(Buffer.from(await zlibWasmDecode(GZIP, "gzip", 5)).equals(HELLO)).toBe(true);
    expect(Buffer.from(await zlibWasmDecode(ZLIB, "zlib", 100)).equals(HELLO)).toBe(true);
    expect(Buffer.from(await zlibWasmDecode(GZIP, "gzip", 5)).equals(HELLO)).toBe(true);
    expect(compile).toHaveBeenCalledTimes(1);
    // unbounded: zlib's inflate, compiled now
    expect(Buffer.from(await zlibWasmDecode(GZIP, "gzip")).equals(HELLO)).toBe(true);
    expect(compile).toHaveBeenCalledTimes(2);
  });
});
