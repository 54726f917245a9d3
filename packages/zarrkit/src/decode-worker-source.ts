/**
 * The decode worker's code as a string, for a `blob:` worker where no worker file was
 * emitted (esbuild, Rollup, Vite's dev pre-bundling). `pnpm build`
 * (scripts/build-worker.ts) writes dist/decode-worker-source.js with the worker bundled
 * into one file; from the TypeScript sources there is none (Node and the repo's own
 * pages start the worker file itself).
 */
export const DECODE_WORKER_SOURCE: string | undefined = undefined;
