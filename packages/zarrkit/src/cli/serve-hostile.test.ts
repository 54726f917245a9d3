/**
 * `zarrkit serve` facing a hostile folder or client (docs/security-local.md): symlinks
 * out of the folder are not followed, redirects never leave the server, an empty file's
 * suffix range gets a valid answer.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, startStaticServer } from "./serve.js";

let dir: string;
let server: StaticServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zarrkit-serve-hostile-"));
  const root = join(dir, "served");
  await mkdir(join(root, "a"), { recursive: true });
  await mkdir(join(dir, "private"));
  await writeFile(join(dir, "private", "key"), "secret");
  await writeFile(join(root, "a", "x.bin"), "inside");
  await writeFile(join(root, "empty.bin"), "");
  await symlink(join(dir, "private", "key"), join(root, "key-link"));
  await symlink(join(dir, "private"), join(root, "private-link"));
  await symlink(join(root, "a", "x.bin"), join(root, "inside-link"));
  server = await startStaticServer({ root });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw request with the target sent exactly as written (fetch would normalize it). */
function rawGet(target: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(server.url, { path: target }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: response.headers.location });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("zarrkit serve", () => {
  it("never serves through symlinks that lead out of its folder", async () => {
    for (const path of ["key-link", "private-link/key", "private-link/"]) {
      const response = await fetch(new URL(path, server.url));
      expect(response.status, path).toBe(403);
      expect(await response.text()).not.toContain("secret");
    }
    expect(await (await fetch(new URL("inside-link", server.url))).text()).toBe("inside");
  });

  it("redirects folders to a path on this server only", async () => {
    for (const target of ["//a//attacker.example/..%2f", "//attacker.example/..%2f", "/a"]) {
      const { status, location } = await rawGet(target);
      if (status === 301) {
        expect(location, target).toMatch(/^\/(?!\/)/);
        expect(new URL(location ?? "", server.url).origin, target).toBe(new URL(server.url).origin);
      } else {
        expect([403, 404], target).toContain(status);
      }
    }
    expect((await rawGet("/a")).location).toBe("/a/");
    expect((await rawGet("//a//attacker.example/..%2f")).location).not.toContain("attacker");
  });

  it("answers a suffix range of an empty file with the empty file", async () => {
    const response = await fetch(new URL("empty.bin", server.url), {
      headers: { Range: "bytes=-5" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-range")).toBeNull();
    expect(response.headers.get("content-length")).toBe("0");
    expect((await response.arrayBuffer()).byteLength).toBe(0);
    const from = await fetch(new URL("empty.bin", server.url), { headers: { Range: "bytes=0-" } });
    expect(from.status).toBe(416);
    expect(from.headers.get("content-range")).toBe("bytes */0");
  });
});
