/**
 * `pnpm start`: makes the viewer's sample dataset if missing, builds the viewer and the
 * CDN bundle when their sources changed, and serves the repository on 127.0.0.1 (byte
 * ranges + CORS; PORT, default 8080, or a free port when taken), with "/" redirected to
 * the viewer. Prints the URLs it serves; the first line names the viewer's.
 */
import { startStaticServer } from "../packages/zarrkit/src/cli/serve.js";
import { ROOT } from "./cdn-build.js";
import { prepareExamples } from "./prepare-examples.js";

/** The viewer's page; it loads the sample from ../data/ relative to itself. */
const VIEWER_PATH = "/examples/viewer/dist/";

await prepareExamples((text) => console.log(text));

const wanted = Number(process.env.PORT ?? 8080);
const options = { root: ROOT, redirects: { "/": VIEWER_PATH } };
const server = await startStaticServer({ ...options, port: wanted }).catch(() =>
  startStaticServer({ ...options, port: 0 }),
);
const at = (path: string) => new URL(path, server.url).href;
console.log(`
viewer:       ${server.url} (${at(VIEWER_PATH)})
CDN example:  ${at("/examples/cdn/")}
sample data:  ${at("/examples/viewer/data/sample.zarr/")}
serving ${ROOT} (Ctrl-C to stop)`);

const stop = () => void server.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
