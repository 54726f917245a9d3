/**
 * `node --import ./tests/large/inline-preload.ts ...`: makes zarrkit decode inline
 * (the default pool has size 0), to time the read path before worker decoding, e.g.
 *   node --conditions=zarrkit-source --import tsx --import ./tests/large/inline-preload.ts bench/run.ts
 */
import { configureWorkers } from "../../packages/zarrkit/src/index.js";

configureWorkers({ size: 0 });
