/**
 * Error names survive minification: a CDN or app bundle renames classes ("p"), and
 * `e.name` must still say "CorruptChunkError". Checked on the classes themselves and
 * on a minified esbuild bundle of this module.
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import * as errors from "./errors.js";

const NAMES = [
  "ZarrError",
  "MetadataError",
  "UnknownCodecError",
  "CodecError",
  "CorruptChunkError",
  "NodeNotFoundError",
  "InvalidKeyError",
  "SelectionError",
  "HttpError",
  "StoreError",
  "AbortError",
  "ReadOnlyError",
  "NodeExistsError",
] as const;

type Classes = Record<(typeof NAMES)[number], new (...args: never[]) => Error>;

/** One instance of each class, built with arguments each constructor takes. */
function instances(classes: Classes): Map<string, Error> {
  const make = classes as unknown as Record<string, new (...args: unknown[]) => Error>;
  const out = new Map<string, Error>();
  for (const name of NAMES) {
    const args =
      name === "ZarrError"
        ? ["codec", "m"]
        : name === "HttpError"
          ? [500, "https://x/"]
          : name === "UnknownCodecError"
            ? ["c", "array 'a'"]
            : ["m"];
    out.set(name, new make[name]!(...args));
  }
  return out;
}

describe("error names", () => {
  it("every class sets its own name", () => {
    for (const [name, error] of instances(errors as unknown as Classes)) {
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(errors.ZarrError);
    }
  });

  it("keep their names in a minified bundle", async () => {
    const result = await build({
      entryPoints: [new URL("./errors.ts", import.meta.url).pathname],
      bundle: true,
      format: "esm",
      minify: true,
      write: false,
    });
    const code = result.outputFiles[0]!.text;
    const url = `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`;
    const minified = (await import(/* @vite-ignore */ url)) as Classes;
    // the bundle really renamed the classes
    expect(minified.CorruptChunkError.name).not.toBe("CorruptChunkError");
    for (const [name, error] of instances(minified)) expect(error.name).toBe(name);
  });

  it("an app's own subclass keeps its class name", () => {
    class MyStoreError extends errors.ZarrError {}
    expect(new MyStoreError("store", "m").name).toBe("MyStoreError");
  });
});
