/**
 * A lock file per key, so writers in separate processes never interleave a chunk's
 * read-modify-write (Node only). See docs/security-writes.md for what it guarantees.
 *
 * - Acquire: create `.<name>.zarrkit-tmp-lock` beside the file with O_CREAT|O_EXCL (`open(path, "wx")`), holding
 *   { pid, host, token, time }. Exactly one creator succeeds, on local file systems and
 *   on NFSv3+.
 * - Hold: the holder touches the file every `staleMs / 4` (a heartbeat), so a lock
 *   whose mtime is older than `staleMs` belongs to a holder that died or hung.
 * - Wait: when the file exists, retry with exponential backoff and jitter (1 ms up to
 *   20 ms) for at most `timeoutMs`, then fail with a StoreError naming the holder.
 * - Break: a lock is stale when its mtime is older than `staleMs`, or when its holder
 *   runs on this host and its pid is gone (lock-holder.ts: only when the runtime lets us
 *   read the host name and signal the pid; otherwise age alone decides). The breaker renames it to a unique name
 *   (atomic: one breaker wins), checks that what it moved is the lock it judged stale,
 *   and if it moved a newer lock instead, links that one back.
 * - Release: in a finally; the holder removes the file only while it still holds its
 *   own token.
 */
import { StoreError, throwIfAborted } from "@zarrkit/core";
import { currentHost, holderIsGone } from "./lock-holder.js";
import { errorCode, isMissingFileError, loadNodeModules } from "./node-modules.js";

export interface FileLockOptions {
  /** A lock not refreshed for this long is broken (default 30 s). */
  staleMs?: number;
  /** Waiting for a held lock fails after this long (default 60 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface FileLock {
  release(): Promise<void>;
}

/** Marks lock files (and the temp names of broken ones): FileSystemStore never lists them. */
export const LOCK_SUFFIX = ".zarrkit-tmp-lock";

const DEFAULT_STALE_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_BACKOFF_MS = 20;

interface LockContent {
  pid: number;
  host: string;
  token: string;
  time: number;
}

/** Takes the lock of `file` (`.<name>.zarrkit-tmp-lock` in the same folder, which must exist). */
export async function acquireFileLock(
  file: string,
  options: FileLockOptions = {},
): Promise<FileLock> {
  const { fs, path } = await loadNodeModules();
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const lockPath = path.join(path.dirname(file), `.${path.basename(file)}${LOCK_SUFFIX}`);
  const mine: LockContent = {
    pid: process.pid,
    host: await currentHost(),
    token: globalThis.crypto.randomUUID(),
    time: Date.now(),
  };
  const started = Date.now();
  let backoff = 1;
  for (;;) {
    throwIfAborted(options.signal);
    if (await tryCreate(lockPath, mine)) break;
    if (await breakIfStale(lockPath, staleMs, mine.host)) continue;
    if (Date.now() - started > timeoutMs) {
      const holder = await readLock(lockPath);
      throw new StoreError(
        `timed out after ${timeoutMs} ms waiting for the lock ${lockPath}` +
          (holder ? ` (held by pid ${holder.pid} on ${holder.host || "an unknown host"})` : ""),
      );
    }
    await sleep(backoff * (0.5 + Math.random()));
    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    fs.utimes(lockPath, now, now).catch(() => {});
  }, staleMs / 4);
  (heartbeat as { unref?: () => void }).unref?.();
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      // a lock broken as stale (this holder hung past staleMs) now belongs to another
      const current = await readLock(lockPath);
      if (current?.token === mine.token) await fs.rm(lockPath, { force: true });
    },
  };
}

/** Creates the lock file with O_EXCL; false when it exists. Creates missing folders. */
async function tryCreate(lockPath: string, content: LockContent): Promise<boolean> {
  const { fs, path } = await loadNodeModules();
  const write = () => fs.writeFile(lockPath, JSON.stringify(content), { flag: "wx" });
  try {
    try {
      await write();
    } catch (error) {
      if (errorCode(error) !== "ENOENT") throw error;
      // the chunk's folder does not exist yet (a first write)
      await fs.mkdir(path.dirname(lockPath), { recursive: true });
      await write();
    }
    return true;
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw new StoreError(`cannot create the lock ${lockPath}: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

/** Removes the lock when it is stale; true when it is gone (so acquiring may retry). */
async function breakIfStale(lockPath: string, staleMs: number, host: string): Promise<boolean> {
  const { fs } = await loadNodeModules();
  let mtime: number;
  try {
    mtime = (await fs.stat(lockPath)).mtimeMs;
  } catch (error) {
    if (isMissingFileError(error)) return true;
    throw new StoreError(`cannot check the lock ${lockPath}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const held = await readLock(lockPath);
  // a lock being created has no content yet: judge it by its age alone
  const old = Date.now() - mtime > staleMs;
  const dead = held !== undefined && holderIsGone(held, host);
  if (!old && !dead) return false;
  const tomb = `${lockPath}.${globalThis.crypto.randomUUID()}${LOCK_SUFFIX}`;
  try {
    await fs.rename(lockPath, tomb);
  } catch (error) {
    if (isMissingFileError(error)) return true; // another waiter broke it first
    throw new StoreError(`cannot break the stale lock ${lockPath}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const moved = await readLock(tomb);
  if (moved?.token !== held?.token) {
    // between the check and the rename, another waiter broke that lock and took a new
    // one: put it back (link fails if a third one exists already)
    await fs.link(tomb, lockPath).catch(() => {});
  }
  await fs.rm(tomb, { force: true });
  return true;
}

async function readLock(lockPath: string): Promise<LockContent | undefined> {
  const { fs } = await loadNodeModules();
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(lockPath, "utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { pid, host, token, time } = parsed as Record<string, unknown>;
    if (typeof pid !== "number" || typeof host !== "string" || typeof token !== "string") {
      return undefined;
    }
    return { pid, host, token, time: typeof time === "number" ? time : 0 };
  } catch {
    return undefined; // missing, or being written
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
