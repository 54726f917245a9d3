/**
 * examples/node/read.mjs against the built package (packages/zarrkit/dist, from
 * `pnpm build`): reads the sample volume's middle slice in Node, workers included.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { sampleVolumeValue, VOLUME_SHAPE } from "../../scripts/sample-values.js";
import { ROOT } from "./harness.js";

test("the Node example reads the sample with the built package", () => {
  const built = join(ROOT, "packages/zarrkit/dist/index.js");
  expect(existsSync(built), "packages/zarrkit/dist is missing: run `pnpm build`").toBe(true);
  const out = execFileSync(process.execPath, [join(ROOT, "examples/node/read.mjs")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const [nz, ny, nx] = VOLUME_SHAPE;
  const z = Math.floor(nz / 2);
  let sum = 0;
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) sum += sampleVolumeValue(z, y, x);
  expect(out).toContain("zarr v3, uint8, shape 64 x 256 x 256");
  expect(out).toContain(`slice [${z}, ...]: shape ${ny} x ${nx}`);
  expect(out).toContain(`sum ${sum}`);
});
