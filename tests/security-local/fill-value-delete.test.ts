/**
 * Writing fill values drops the chunk (a delete): through a chunk folder that is a
 * symlink out of the array's folder, that delete must fail, not remove outside files.
 */
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { create, InvalidKeyError } from "zarrkit";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

it("a fill-value write never deletes through a symlinked chunk folder", async () => {
  const dir = await mkdtemp(join(tmpdir(), "zarrkit-fill-delete-"));
  dirs.push(dir);
  const outside = join(dir, "outside");
  const arrPath = join(dir, "arr");
  const arr = await create(arrPath, {
    shape: [4],
    chunks: [4],
    dtype: "uint8",
    fillValue: 0,
    workers: 0,
  });
  await arr.set(null, 7);
  await rm(join(arrPath, "c"), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, "0"), "keep me");
  await symlink(outside, join(arrPath, "c")); // chunk key "c/0" now names outside/0
  await expect(arr.set(null, 0)).rejects.toBeInstanceOf(InvalidKeyError);
  expect(await readdir(outside)).toEqual(["0"]);
});
