import {
  AbortError,
  CodecError,
  CorruptChunkError,
  HttpError,
  UnknownCodecError,
  ZarrError,
} from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { deserializeError, serializeError } from "./serialized-error.js";

/** Through structured clone, as across a worker boundary. */
const roundTrip = (error: unknown) => deserializeError(structuredClone(serializeError(error)));

describe("serialized errors", () => {
  it("keep ZarrError subclasses, their code, message, fields and stack", () => {
    const original = new CorruptChunkError("chunk c/1 fails its crc32c checksum");
    const copy = roundTrip(original);
    expect(copy).toBeInstanceOf(CorruptChunkError);
    expect(copy).toBeInstanceOf(ZarrError);
    expect(copy).toMatchObject({ name: "CorruptChunkError", code: "corrupt-chunk" });
    expect(copy.message).toBe(original.message);
    expect(copy.stack).toBe(original.stack);

    const unknown = roundTrip(new UnknownCodecError("lzma", "array 'a'"));
    expect(unknown).toBeInstanceOf(UnknownCodecError);
    expect(unknown).toMatchObject({
      codec: "lzma",
      message: "unknown codec \"lzma\" in array 'a'",
    });

    const http = roundTrip(new HttpError(503, "https://h/x"));
    expect(http).toBeInstanceOf(HttpError);
    expect(http).toMatchObject({ status: 503, url: "https://h/x", code: "http" });
  });

  it("keep causes", () => {
    const copy = roundTrip(new CodecError("zstd failed", { cause: new RangeError("too big") }));
    expect(copy).toBeInstanceOf(CodecError);
    expect(copy.cause).toBeInstanceOf(RangeError);
    expect((copy.cause as Error).message).toBe("too big");
  });

  it("keep built-in classes and Node-style string codes", () => {
    expect(roundTrip(new TypeError("bad"))).toBeInstanceOf(TypeError);
    const system = Object.assign(new Error("no such file"), { code: "ENOENT", errno: -2 });
    expect(roundTrip(system)).toMatchObject({ code: "ENOENT", errno: -2, message: "no such file" });
  });

  it("turn a DOMException AbortError into zarrkit's AbortError", () => {
    const copy = roundTrip(new DOMException("stop", "AbortError"));
    expect(copy).toBeInstanceOf(AbortError);
    expect(copy).toMatchObject({ code: "aborted", message: "stop" });
  });

  it("describe thrown non-errors", () => {
    expect(roundTrip("oops").message).toBe("non-Error value thrown: oops");
    expect(roundTrip({ a: 1 }).message).toBe('non-Error value thrown: {"a":1}');
  });
});
