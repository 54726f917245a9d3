/**
 * `--timeout S` bounds the CLI's wait on a stalled server (issue 13 item 9): without it
 * `zarrkit info URL` against a server that accepts and never answers waited 30 s per
 * attempt, 4 attempts; with `--timeout 1` it fails in seconds with a message that names
 * the URL and the flag. (On the code before the flag: exit 2, unknown option.)
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliCaptured } from "./support/cli.js";

let server: Server;
let base = "";
const sockets = new Set<Socket>();
let requests = 0;

beforeAll(async () => {
  server = createServer(() => {
    requests++; // accept, never answer
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("zarrkit --timeout", () => {
  it("info URL --timeout 1 fails fast on a stalled server, naming the URL and the flag", async () => {
    const started = performance.now();
    const { code, stdout, stderr } = await runCliCaptured([
      "info",
      `${base}/data.zarr`,
      "--timeout",
      "1",
    ]);
    const seconds = (performance.now() - started) / 1000;
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      new RegExp(`^zarrkit: ${base}/data\\.zarr/\\S+ stalled: .* for 1 s \\(--timeout 1\\)\\n$`),
    );
    expect(requests).toBeGreaterThan(0);
    // 4 attempts of 1 s and their backoff; the 30 s default would take minutes
    expect(seconds).toBeLessThan(25);
  }, 60_000);

  it("refuses a --timeout that is not a positive number of seconds", async () => {
    for (const bad of ["0", "-1", "abc", "1e9", ""]) {
      const { code, stderr } = await runCliCaptured(["info", `${base}/x`, "--timeout", bad]);
      expect(code, bad).toBe(2);
      expect(stderr).toMatch(/--timeout must be a number of seconds/);
    }
    const convert = await runCliCaptured(["convert", `${base}/x`, "/tmp/y", "--timeout=x"]);
    expect(convert.code).toBe(2);
    expect(convert.stderr).toMatch(/--timeout must be/);
  });
});
