/**
 * The decode worker's entry script (pool.ts starts it; the CDN build ships it as
 * dist/zarrkit-worker.min.js; scripts/build-worker.ts bundles it into dist/decode-worker.js):
 * every codec, the decode handlers, WASM modules from the pool.
 */
import { serveDecodeWorker } from "./serve-decode-worker.js";

void serveDecodeWorker();
