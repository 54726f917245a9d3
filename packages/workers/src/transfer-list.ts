import { isSharedArrayBuffer } from "./shared-buffer.js";

/**
 * Cleans a transfer list before postMessage: a buffer listed twice, or a
 * SharedArrayBuffer (shared, never transferable), makes postMessage throw a
 * DataCloneError. Shared buffers still travel in the message, by reference.
 */
export function cleanTransferList(list: readonly Transferable[] | undefined): Transferable[] {
  if (list === undefined || list.length === 0) return [];
  const seen = new Set<Transferable>();
  for (const item of list) {
    if (isSharedArrayBuffer(item)) continue;
    seen.add(item);
  }
  return [...seen];
}
