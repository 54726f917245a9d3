/**
 * The decode worker's entry script: every codec, the decode handlers, WASM modules from
 * the pool, and the stores a worker can open (HTTP(S) and local folders). Node's pools
 * start this file (pool.ts); browser pages start browser-decode-worker.ts's bundle.
 */
import { defaultCodecRegistry } from "@zarrkit/core";
import { serveDecodeWorker } from "./serve-decode-worker.js";
import { WORKER_STORES } from "./worker-stores.js";

void serveDecodeWorker(defaultCodecRegistry, WORKER_STORES);
