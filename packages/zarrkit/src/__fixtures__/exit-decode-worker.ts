/**
 * A decode worker with one extra, test-only codec: "test.exit" (bytes->bytes) kills
 * the worker's thread when it decodes, to test a worker dying mid-read end to end.
 */
import { defaultCodecRegistry } from "@zarrkit/core";
import { serveDecodeWorker } from "../serve-decode-worker.js";
import { WORKER_STORES } from "../worker-stores.js";

defaultCodecRegistry.register("test.exit", () => ({
  kind: "bytes_to_bytes",
  name: "test.exit",
  encode: (bytes: Uint8Array) => bytes,
  decode: (): Uint8Array => process.exit(3),
}));

void serveDecodeWorker(defaultCodecRegistry, WORKER_STORES);
