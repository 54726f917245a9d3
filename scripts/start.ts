/**
 * `pnpm start`: makes the viewer's sample dataset if missing, builds the viewer and the
 * CDN bundle when their sources changed, and serves the repository on 127.0.0.1 (byte
 * ranges + CORS; PORT, default 8080, or a free port when taken). Prints the URLs.
 */
import { startStaticServer } from "../packages/zarrkit/src/cli/serve.js";
import { ROOT } from "./cdn-build.js";
import { prepareExamples } from "./prepare-examples.js";

await prepareExamples((text) => console.log(text));

const wanted = Number(process.env.PORT ?? 8080);
const server = await startStaticServer({ root: ROOT, port: wanted }).catch(() =>
  startStaticServer({ root: ROOT, port: 0 }),
);
console.log(`
serving ${ROOT} at ${server.url}
  viewer:       ${server.url}examples/viewer/dist/
  CDN example:  ${server.url}examples/cdn/
  sample data:  ${server.url}examples/viewer/data/sample.zarr/
(Ctrl-C to stop)`);

const stop = () => void server.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
