/**
 * Who holds a lock file: this process's host name, and whether a pid of this host still
 * runs. Both must hold up where the runtime withholds the answer (Deno without
 * `--allow-run` or `--allow-sys=hostname` throws `NotCapable`): a holder we cannot
 * judge counts as alive, and only its lock's age can break the lock.
 */
import { errorCode } from "./node-modules.js";

type Kill = (pid: number, signal: number) => unknown;

/**
 * Whether process `pid` of this host may be running (signal 0 checks without
 * signalling). Only ESRCH means it is gone: EPERM is another user's live process, and
 * any other failure (no permission to signal at all) tells nothing.
 */
export function isAlive(
  pid: number,
  kill: Kill = (id, signal) => process.kill(id, signal),
): boolean {
  if (pid === process.pid) return true;
  try {
    kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== "ESRCH";
  }
}

/** The host name from `read`, or "" (unknown: never matches a holder's) when it throws. */
export function hostNameOr(read: () => string): string {
  try {
    return read();
  } catch {
    return "";
  }
}

/** Whether the holder of a lock written on `heldOn` is a process of `host` that is gone. */
export function holderIsGone(held: { pid: number; host: string }, host: string): boolean {
  return host !== "" && held.host === host && !isAlive(held.pid);
}

let host: Promise<string> | undefined;
const OS_MODULE = "node:os";

/** This machine's host name, "" when the runtime withholds it. */
export function currentHost(): Promise<string> {
  host ??= (
    import(/* @vite-ignore */ /* webpackIgnore: true */ OS_MODULE) as Promise<
      typeof import("node:os")
    >
  ).then((os) => hostNameOr(() => os.hostname()));
  return host;
}
