/**
 * The viewer's decode worker: zarrkit's decode worker entry, bundled by Vite (which
 * only bundles workers written as `new Worker(new URL(...), ...)`, see workers.ts).
 */
import "zarrkit/decode-worker";
