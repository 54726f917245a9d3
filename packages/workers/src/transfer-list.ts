import { isDetached, ZarrError } from "@zarrkit/core";
import type { Transferable } from "./port-like.js";
import { isSharedArrayBuffer } from "./shared-buffer.js";

/**
 * Cleans a transfer list before postMessage: a buffer listed twice, or a
 * SharedArrayBuffer (shared, never transferable), makes postMessage throw a
 * DataCloneError. Shared buffers still travel in the message, by reference.
 * Throws a ZarrError for a detached buffer: Node's postMessage neither throws nor
 * delivers a message that transfers one, so the task would wait forever.
 */
export function cleanTransferList(list: readonly Transferable[] | undefined): ArrayBuffer[] {
  if (list === undefined || list.length === 0) return [];
  const seen = new Set<ArrayBuffer>();
  for (const item of list) {
    if (isSharedArrayBuffer(item)) continue;
    if (item instanceof ArrayBuffer && isDetached(item)) {
      throw new ZarrError(
        "worker",
        "cannot send a detached ArrayBuffer to a worker: its bytes were already moved elsewhere (a store must not hand out the same buffer twice)",
      );
    }
    seen.add(item);
  }
  return [...seen];
}
