/**
 * `pnpm pack` of each workspace package, as it would be published (publishConfig
 * applied, `files` filtered), with the tarball's file list, sizes and package.json.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "../..");
export const PACKAGE_DIRS = ["core", "codecs", "storage", "workers", "zarrkit"] as const;

export interface PackedPackage {
  dir: (typeof PACKAGE_DIRS)[number];
  tarball: string;
  /** Where the tarball is unpacked (its "package/" folder). */
  unpacked: string;
  /** Paths inside the tarball, without the leading "package/". */
  files: Map<string, number>;
  packedBytes: number;
  unpackedBytes: number;
  manifest: Record<string, unknown>;
}

export function packPackage(dir: PackedPackage["dir"], destination: string): PackedPackage {
  const before = new Set(readdirSync(destination));
  execFileSync("pnpm", ["pack", "--pack-destination", destination], {
    cwd: join(ROOT, "packages", dir),
    stdio: "pipe",
  });
  const name = readdirSync(destination).find((f) => f.endsWith(".tgz") && !before.has(f));
  if (!name) throw new Error(`pnpm pack of packages/${dir} wrote no tarball`);
  const tarball = join(destination, name);
  // GNU tar's verbose listing: "mode owner/group size date time path"
  const listing = execFileSync("tar", ["-tvzf", tarball], { encoding: "utf8" });
  const files = new Map<string, number>();
  for (const line of listing.trim().split("\n")) {
    const fields = line.trim().split(/\s+/);
    const path = fields.slice(5).join(" ");
    files.set(path.replace(/^package\//, ""), Number(fields[2]));
  }
  const into = join(destination, `${dir}-unpacked`);
  mkdirSync(into, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", into]);
  const unpacked = join(into, "package");
  const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8")) as Record<
    string,
    unknown
  >;
  let unpackedBytes = 0;
  for (const size of files.values()) unpackedBytes += size;
  return {
    dir,
    tarball,
    unpacked,
    files,
    packedBytes: statSync(tarball).size,
    unpackedBytes,
    manifest,
  };
}
