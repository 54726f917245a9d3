/**
 * The decode worker of browser pages: decode-worker.ts's, but opening HTTP(S) stores
 * alone (a page has no local folders). scripts/build-worker.ts bundles it into one
 * file, dist/browser-decode-worker.js, which bundled-worker.ts starts, and carries the
 * same code as a string (decode-worker-source.ts) for a blob: worker.
 */
import { defaultCodecRegistry } from "@zarrkit/core";
import { serveDecodeWorker } from "./serve-decode-worker.js";
import { FETCH_WORKER_STORES } from "./worker-stores.js";

void serveDecodeWorker(defaultCodecRegistry, FETCH_WORKER_STORES);
