import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { StoreError } from "@zarrkit/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { acquireFileLock, LOCK_SUFFIX } from "./file-lock.js";
import { hostNameOr, isAlive } from "./lock-holder.js";

/** What Deno throws where a permission is missing: a NotCapable error with no `code`. */
const notCapable = () => Object.assign(new Error("Requires run access"), { name: "NotCapable" });
const systemError = (code: string) => Object.assign(new Error(`kill ${code}`), { code });

/** A pid that no process has: a child that has exited. */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  if (child.pid === undefined) throw new Error("could not start a child process");
  return child.pid;
}

let dir: string;
let file: string;
let lockPath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "zarrkit-file-lock-"));
  file = join(dir, "0.0");
  lockPath = join(dir, `.0.0${LOCK_SUFFIX}`);
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.doUnmock("node:os");
  vi.resetModules();
  await rm(dir, { recursive: true, force: true });
});

/** A lock file as another process would have written it, touched `ageMs` ago. */
async function heldBy(pid: number, host: string, ageMs = 0): Promise<void> {
  await writeFile(lockPath, JSON.stringify({ pid, host, token: "theirs", time: Date.now() }));
  const when = new Date(Date.now() - ageMs);
  await utimes(lockPath, when, when);
}

describe("isAlive", () => {
  it("counts only ESRCH as a gone process", () => {
    expect(isAlive(exitedPid())).toBe(false);
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(12345, () => true)).toBe(true);
    const throwing = (error: Error) => () => {
      throw error;
    };
    expect(isAlive(12345, throwing(systemError("ESRCH")))).toBe(false);
    expect(isAlive(12345, throwing(systemError("EPERM")))).toBe(true);
    expect(isAlive(12345, throwing(notCapable()))).toBe(true);
  });

  it("hostNameOr gives an unknown host when reading it throws", () => {
    expect(hostNameOr(() => "vm")).toBe("vm");
    expect(
      hostNameOr(() => {
        throw notCapable();
      }),
    ).toBe("");
  });
});

describe("acquireFileLock and the holder's process", () => {
  it("breaks a fresh lock whose holder on this host is gone", async () => {
    await heldBy(exitedPid(), hostname());
    const lock = await acquireFileLock(file, { timeoutMs: 10_000 });
    expect(JSON.parse(await readFile(lockPath, "utf8")).pid).toBe(process.pid);
    await lock.release();
  });

  it("keeps a fresh lock when the runtime may not signal its holder (Deno without --allow-run)", async () => {
    vi.spyOn(process, "kill").mockImplementation(() => {
      throw notCapable();
    });
    await heldBy(exitedPid(), hostname());
    await expect(acquireFileLock(file, { timeoutMs: 300 })).rejects.toThrow(StoreError);
    expect(JSON.parse(await readFile(lockPath, "utf8")).token).toBe("theirs");
  });

  it("keeps a fresh lock whose holder belongs to another user (EPERM)", async () => {
    vi.spyOn(process, "kill").mockImplementation(() => {
      throw systemError("EPERM");
    });
    await heldBy(exitedPid(), hostname());
    await expect(acquireFileLock(file, { timeoutMs: 300 })).rejects.toThrow(/held by pid/);
  });

  it("locks without a host name (Deno without --allow-sys=hostname), judging holders by age", async () => {
    vi.doMock("node:os", () => ({
      hostname: () => {
        throw notCapable();
      },
    }));
    vi.resetModules();
    const { acquireFileLock: acquire } = await import("./file-lock.js");
    const lock = await acquire(file, { timeoutMs: 10_000 });
    expect(JSON.parse(await readFile(lockPath, "utf8")).host).toBe("");
    await lock.release();
    // a holder of an unknown host: its pid says nothing, its lock's age does
    await heldBy(exitedPid(), "");
    await expect(acquire(file, { timeoutMs: 300 })).rejects.toThrow(/on an unknown host/);
    await heldBy(exitedPid(), "", 60_000);
    await (await acquire(file, { staleMs: 30_000, timeoutMs: 10_000 })).release();
  });
});
