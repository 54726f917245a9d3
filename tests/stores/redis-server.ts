/**
 * Debian's redis-server for tests: on 127.0.0.1 at a free port, with no persistence
 * (no RDB snapshots, no AOF) in a fresh folder, stopped (and the folder removed) by
 * `stop`. Redis cannot listen on port 0, so the port is one the kernel just handed out
 * and released; a start that loses that race is tried again on another.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/free-port.js";

export const REDIS_SERVER = "/usr/bin/redis-server";

export interface RedisTestServer {
  url: string;
  stop(): Promise<void>;
}

/** Resolves once the server accepts connections; rejects if it exits or takes 30 s. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("redis-server did not start in 30 s")), 30_000);
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`));
    });
  });
}

export async function startRedisServer(): Promise<RedisTestServer> {
  const dir = await mkdtemp(join(tmpdir(), "zarrkit-redis-"));
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly"];
    const child = spawn(REDIS_SERVER, [...args, "no", "--dir", dir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await ready(child);
    } catch (error) {
      child.kill();
      if (attempt < 5) continue;
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      stop: async () => {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
