import { Buffer } from "node:buffer";
import { StoreError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { BlobZipSink } from "./zip-sink.js";

describe("BlobZipSink", () => {
  it("reads back any range, across staging flushes and Blob parts", async () => {
    const sink = new BlobZipSink();
    const sizes = [10, 3 << 20, 2 << 20, 5 << 20, 1, 0, 700_000];
    const parts = sizes.map((size, i) => new Uint8Array(size).map((_, j) => (i * 31 + j) & 0xff));
    const all = Buffer.concat(parts);
    let offset = 0;
    for (const [i, part] of parts.entries()) {
      await sink.write(i % 2 ? [part] : [part.subarray(0, 5), part.subarray(5)], offset);
      offset += part.length;
      const start = Math.max(0, offset - 4_000_000);
      const read = await sink.read(start, offset - start);
      expect(Buffer.compare(read, all.subarray(start, offset)), `after part ${i}`).toBe(0);
    }
    for (const [start, end] of [
      [0, all.length],
      [5, 3 << 20],
      [(3 << 20) - 3, (5 << 20) + 9],
      [all.length - 1, all.length],
    ]) {
      expect(Buffer.compare(await sink.read(start, end - start), all.subarray(start, end))).toBe(0);
    }
    const blob = await sink.finish();
    expect(Buffer.compare(new Uint8Array(await blob.arrayBuffer()), all)).toBe(0);
  });

  it("copies writes, so callers may reuse their buffers", async () => {
    const sink = new BlobZipSink();
    const buffer = new Uint8Array([1, 2, 3]);
    await sink.write([buffer], 0);
    buffer.fill(9);
    expect(await sink.read(0, 3)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("rejects writes not at the end, reads past the end, and use after finish", async () => {
    const sink = new BlobZipSink();
    await sink.write([new Uint8Array(4)], 0);
    await expect(sink.write([new Uint8Array(1)], 2)).rejects.toThrow(
      /write at 2 is not at the end/,
    );
    await expect(sink.read(2, 3)).rejects.toThrow(/not yet written/);
    await expect(sink.read(-1, 1)).rejects.toThrow(StoreError);
    await sink.finish();
    await expect(sink.write([new Uint8Array(1)], 4)).rejects.toThrow(/already finished/);
    await expect(sink.finish()).rejects.toThrow(/already finished/);
  });
});
