/**
 * `zarrkit tree` and `convert` of a zip (written by zarr-python) with one entry named
 * "../evil": the entry is skipped and reported on stderr, the command completes.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { open, slice } from "zarrkit";
import { runCliCaptured } from "../support/cli.js";

let dir: string;
let zip: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "zarrkit-zip-names-"));
  zip = join(dir, "h.zip");
  execFileSync("/usr/bin/python3", [
    "-c",
    `
import sys, zarr, zipfile, numpy as np
s = zarr.ZipStore(sys.argv[1], mode="w")
g = zarr.group(store=s)
g.create_dataset("x", data=np.arange(10), chunks=5)
s.close()
with zipfile.ZipFile(sys.argv[1], "a") as z:
    z.writestr("../evil", "boom")
`,
    zip,
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WARNING = /warning: skipped 1 zip entry whose name is no safe key: "\.\.\/evil"/;

it("tree lists the hierarchy and reports the bad entry", async () => {
  const result = await runCliCaptured(["tree", zip]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain("x [10]");
  expect(result.stderr).toMatch(WARNING);
});

it("convert copies the hierarchy and reports the bad entry", async () => {
  const dst = join(dir, "out.zarr");
  const result = await runCliCaptured(["convert", zip, dst, "--quiet"]);
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(WARNING);
  const x = await open(dst, { path: "x", kind: "array", workers: 0 });
  expect([...((await x.get([slice(null)])).data as BigInt64Array)]).toEqual(
    Array.from({ length: 10 }, (_, i) => BigInt(i)),
  );
});
