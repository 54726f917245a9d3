/**
 * The decode worker's entry script (pool.ts starts it; the CDN build ships it as
 * dist/zarrkit-worker.min.js): every codec, the decode handlers, WASM modules from init.
 */
import { serveDecodeWorker } from "./serve-decode-worker.js";

void serveDecodeWorker();
