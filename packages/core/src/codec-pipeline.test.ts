import { describe, expect, it } from "vitest";
import type {
  ArrayToArrayCodec,
  ArrayToBytesCodec,
  BytesToBytesCodec,
  Chunk,
  ChunkSpec,
  CodecFactory,
} from "./codec.js";
import { CodecPipeline, getCodecPipeline } from "./codec-pipeline.js";
import { CodecRegistry } from "./codec-registry.js";
import { dataTypeFromName } from "./data-type.js";
import { CorruptChunkError, MetadataError, UnknownCodecError } from "./errors.js";
import { createInlineChunkDecoder } from "./inline-chunk-decoder.js";

const spec: ChunkSpec = { shape: [2, 3], dataType: dataTypeFromName("int16"), fillValue: 0 };

/** Little-endian int16 only: enough to test the pipeline. */
const bytes: ArrayToBytesCodec = {
  kind: "array_to_bytes",
  name: "bytes",
  encode: (chunk) => new Uint8Array((chunk.data as Int16Array).slice().buffer),
  decode: (b, s) => ({ data: new Int16Array(b.slice().buffer), shape: [...s.shape] }),
  encodedSize: (s) => s.shape.reduce((a, b) => a * b, 1) * 2,
};

/** Array->array: transposes 2-d chunks, so the encoded spec differs. */
function transpose2d(): ArrayToArrayCodec {
  const t = (data: Int16Array, [r, c]: number[]) => {
    const out = new Int16Array(data.length);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = data[i * c + j];
    return out;
  };
  return {
    kind: "array_to_array",
    name: "t2",
    encodedSpec: (s) => ({ ...s, shape: [s.shape[1], s.shape[0]] }),
    encode: (chunk: Chunk) => ({
      data: t(chunk.data as Int16Array, chunk.shape),
      shape: [chunk.shape[1], chunk.shape[0]],
    }),
    decode: (chunk: Chunk) => ({
      data: t(chunk.data as Int16Array, chunk.shape),
      shape: [chunk.shape[1], chunk.shape[0]],
    }),
  };
}

/** Bytes->bytes that appends a 4-byte trailer and records the maxSize it was given. */
function trailer(name: string, seen: (number | undefined)[]): BytesToBytesCodec {
  return {
    kind: "bytes_to_bytes",
    name,
    encode: (b) => {
      const out = new Uint8Array(b.length + 4);
      out.set(b);
      return out;
    },
    decode: (b, _s, maxSize) => {
      seen.push(maxSize);
      return b.subarray(0, b.length - 4);
    },
    encodedSize: (n) => n + 4,
  };
}

function registry(seen: (number | undefined)[] = [], calls = { n: 0 }): CodecRegistry {
  const r = new CodecRegistry();
  r.register("bytes", () => {
    calls.n++;
    return bytes;
  });
  r.register("t2", () => transpose2d());
  r.register("tail", () => trailer("tail", seen));
  r.register("numcodecs.tail", () => trailer("numcodecs.tail", seen));
  return r;
}

const data = new Int16Array([1, 2, 3, 4, 5, 6]);

describe("CodecPipeline", () => {
  it("round-trips through array->array, array->bytes and bytes->bytes codecs", async () => {
    const seen: (number | undefined)[] = [];
    const p = await CodecPipeline.create(
      [{ name: "t2" }, { name: "bytes" }, { name: "tail" }, { name: "tail" }],
      spec,
      { registry: registry(seen) },
    );
    const encoded = await p.encode({ data, shape: [2, 3] });
    expect(encoded.length).toBe(12 + 8);
    expect(p.encodedSize()).toBe(20);
    // transposed on the way in
    expect(Array.from(new Int16Array(encoded.slice(0, 12).buffer))).toEqual([1, 4, 2, 5, 3, 6]);
    const decoded = await p.decode(encoded);
    expect(Array.from(decoded.data as Int16Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(decoded.shape).toEqual([2, 3]);
    // decode order: the outer trailer first (bound 16), then the inner (bound 12)
    expect(seen).toEqual([16, 12]);
  });

  it("moves v2 numcodecs bytes filters after the array->bytes codec", async () => {
    const p = await CodecPipeline.create([{ name: "numcodecs.tail" }, { name: "bytes" }], spec, {
      registry: registry(),
    });
    const encoded = await p.encode({ data, shape: [2, 3] });
    expect(encoded.length).toBe(16);
    expect(Array.from((await p.decode(encoded)).data as Int16Array)).toEqual(Array.from(data));
  });

  it("names unknown codecs and the array", async () => {
    const make = () =>
      CodecPipeline.create([{ name: "bytes" }, { name: "zfp" }], spec, {
        registry: registry(),
        where: "array 'a/b'",
      });
    await expect(make()).rejects.toThrow(UnknownCodecError);
    await expect(make()).rejects.toThrow("unknown codec \"zfp\" in array 'a/b'");
  });

  it("validates codec order", async () => {
    const r = registry();
    const where = { registry: r, where: "array 'x'" };
    await expect(
      CodecPipeline.create([{ name: "tail" }, { name: "bytes" }], spec, where),
    ).rejects.toThrow(
      /codec "tail" \(bytes->bytes\) in array 'x' comes before the array->bytes codec/,
    );
    await expect(
      CodecPipeline.create([{ name: "bytes" }, { name: "t2" }], spec, where),
    ).rejects.toThrow(/codec "t2" \(array->array\) in array 'x' comes after a array->bytes codec/);
    await expect(CodecPipeline.create([{ name: "t2" }], spec, where)).rejects.toThrow(
      /no array->bytes codec/,
    );
    await expect(
      CodecPipeline.create([{ name: "bytes" }, { name: "bytes" }], spec, where),
    ).rejects.toThrow(MetadataError);
  });

  it("rejects chunks that decode to the wrong size", async () => {
    const p = await CodecPipeline.create([{ name: "bytes" }], spec, { registry: registry() });
    await expect(p.decode(new Uint8Array(4))).rejects.toThrow(CorruptChunkError);
    await expect(p.decode(new Uint8Array(4))).rejects.toThrow(/decoded to 2 values, expected 6/);
  });

  it("builds each (codecs, spec) pipeline once per registry", async () => {
    const calls = { n: 0 };
    const r = registry([], calls);
    const a = getCodecPipeline([{ name: "bytes" }], spec, { registry: r });
    const b = getCodecPipeline([{ name: "bytes" }], { ...spec, shape: [2, 3] }, { registry: r });
    expect(a).toBe(b);
    await a;
    expect(calls.n).toBe(1);
    const c = await getCodecPipeline(
      [{ name: "bytes" }],
      { ...spec, shape: [3, 3] },
      { registry: r },
    );
    expect(c).not.toBe(await a);
    expect(calls.n).toBe(2);
  });

  it("does not cache failed builds", async () => {
    const r = new CodecRegistry();
    await expect(getCodecPipeline([{ name: "bytes" }], spec, { registry: r })).rejects.toThrow(
      UnknownCodecError,
    );
    r.register("bytes", (() => bytes) as CodecFactory);
    await expect(
      getCodecPipeline([{ name: "bytes" }], spec, { registry: r }),
    ).resolves.toBeInstanceOf(CodecPipeline);
  });

  it("the inline decoder names the chunk when a codec throws", async () => {
    const r = registry();
    r.register("boom", () => ({
      kind: "bytes_to_bytes",
      name: "boom",
      encode: (b: Uint8Array) => b,
      decode: () => {
        throw new RangeError("offset out of bounds");
      },
    }));
    const decoder = createInlineChunkDecoder(r);
    const job = {
      codecs: [{ name: "bytes" }, { name: "boom" }],
      spec,
      where: "array 'a' chunk c/0",
    };
    await expect(decoder.decode(new Uint8Array(12), job)).rejects.toThrow(
      "decoding array 'a' chunk c/0 failed: offset out of bounds",
    );
    const ok = { codecs: [{ name: "bytes" }], spec, where: "x" };
    const chunk = await decoder.decode(await decoder.encode({ data, shape: [2, 3] }, ok), ok);
    expect(Array.from(chunk.data as Int16Array)).toEqual(Array.from(data));
  });

  describe("decodeWith", () => {
    /**
     * A trailer codec whose decodeWith shows its output in one reused buffer, as the
     * WebAssembly codecs show linear memory, and overwrites it after `use` returns.
     */
    function viewTrailer(calls: string[]): BytesToBytesCodec {
      const memory = new Uint8Array(64);
      return {
        ...trailer("vtail", []),
        decodeWith: async <T>(
          b: Uint8Array,
          _s: ChunkSpec,
          maxSize: number,
          use: (d: Uint8Array) => T,
        ) => {
          calls.push(`decodeWith ${maxSize}`);
          const n = b.length - 4;
          if (n > maxSize) throw new CorruptChunkError("too big");
          memory.set(b.subarray(0, n));
          const result = use(memory.subarray(0, n));
          memory.fill(0xff);
          return result;
        },
      };
    }
    const viewBytes: ArrayToBytesCodec = {
      ...bytes,
      decodeView: (b, s) => ({
        data: new Int16Array(b.buffer, b.byteOffset, b.length / 2),
        shape: [...s.shape],
      }),
    };
    function viewRegistry(calls: string[]): CodecRegistry {
      const r = registry();
      r.register("bytes", () => viewBytes);
      r.register("vtail", () => viewTrailer(calls));
      return r;
    }

    it("shows the last codec's output to use, as a view, only during the call", async () => {
      const calls: string[] = [];
      const p = await CodecPipeline.create(
        [{ name: "bytes" }, { name: "vtail" }, { name: "tail" }],
        spec,
        { registry: viewRegistry(calls) },
      );
      const encoded = await p.encode({ data, shape: [2, 3] });
      let seen: Chunk | undefined;
      const copy = await p.decodeWith(encoded, spec, (chunk) => {
        seen = chunk;
        return Array.from(chunk.data as Int16Array);
      });
      expect(copy).toEqual([1, 2, 3, 4, 5, 6]);
      expect(calls).toEqual(["decodeWith 12"]);
      // the chunk was a view of the codec's memory, since reused
      expect(Array.from(seen?.data as Int16Array)).toEqual([-1, -1, -1, -1, -1, -1]);
    });

    it("decodes as decode() does when an array->array codec follows", async () => {
      const calls: string[] = [];
      const p = await CodecPipeline.create(
        [{ name: "t2" }, { name: "bytes" }, { name: "vtail" }],
        spec,
        { registry: viewRegistry(calls) },
      );
      const encoded = await p.encode({ data, shape: [2, 3] });
      const values = await p.decodeWith(encoded, spec, (c) => Array.from(c.data as Int16Array));
      expect(values).toEqual([1, 2, 3, 4, 5, 6]);
      expect(calls).toEqual([]);
    });

    it("checks the decoded length before use sees the chunk", async () => {
      const calls: string[] = [];
      const p = await CodecPipeline.create([{ name: "bytes" }, { name: "vtail" }], spec, {
        registry: viewRegistry(calls),
      });
      let used = false;
      const short = new Uint8Array(4 + 4);
      await expect(p.decodeWith(short, spec, () => (used = true))).rejects.toThrow(
        /decoded to 2 values, expected 6/,
      );
      expect(used).toBe(false);
    });

    it("the inline decoder wraps codec errors, not errors thrown by use", async () => {
      const decoder = createInlineChunkDecoder(viewRegistry([]));
      const job = {
        codecs: [{ name: "bytes" }, { name: "vtail" }],
        spec,
        where: "array 'a' chunk c/0",
      };
      const encoded = await decoder.encode({ data, shape: [2, 3] }, job);
      const mine = new Error("mine");
      await expect(
        decoder.decodeWith(encoded, job, () => {
          throw mine;
        }),
      ).rejects.toBe(mine);
      await expect(decoder.decodeWith(new Uint8Array(100), job, () => 0)).rejects.toThrow(
        "too big (decoding array 'a' chunk c/0)",
      );
    });
  });
});
