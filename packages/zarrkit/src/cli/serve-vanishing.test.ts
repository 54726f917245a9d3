/**
 * A file that vanishes while `zarrkit serve` answers for it: that request gets 404 and
 * the server lives on. stat() is wrapped to delete the file right after looking at it,
 * the window in which a read of the path would find nothing.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const stat = async (...args: Parameters<typeof fs.stat>) => {
    const info = await fs.stat(...args);
    if (String(args[0]).endsWith("vanishing.bin")) await fs.rm(String(args[0]));
    return info;
  };
  return { ...fs, default: { ...fs, stat }, stat };
});

const { startStaticServer } = await import("./serve.js");
let dir: string;
let server: Awaited<ReturnType<typeof startStaticServer>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zarrkit-serve-vanish-"));
  await writeFile(join(dir, "kept.bin"), "kept");
  server = await startStaticServer({ root: dir });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

it("answers 404 for a file that vanished, and keeps serving", async () => {
  for (let i = 0; i < 3; i++) {
    await writeFile(join(dir, "vanishing.bin"), "here a moment");
    const response = await fetch(new URL("vanishing.bin", server.url));
    await response.arrayBuffer().catch(() => undefined);
    expect(response.status).toBe(404);
  }
  expect(await (await fetch(new URL("kept.bin", server.url))).text()).toBe("kept");
});
