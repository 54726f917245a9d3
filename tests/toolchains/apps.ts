/**
 * The toolchain apps: each is an empty project that ran `npm install zarrkit` against
 * the local registry, with one source file, src/index.js, that imports `open` from
 * "zarrkit" and nothing else, and the least configuration its bundler needs to make an
 * ES module browser app. The bundlers come from the repo's own devDependencies (one
 * install for all apps); only zarrkit comes from each app's node_modules.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The app: reads the arrays named in ?arrays= from ?data= and leaves the outcome in
 * window.zarrkitRead (values, or the error's name and message).
 */
export const APP_SOURCE = `import { open } from "zarrkit";

const params = new URLSearchParams(location.search);
const names = (params.get("arrays") || "").split(",").filter(Boolean);
window.zarrkitRead = (async () => {
  const out = {};
  for (const name of names) {
    const array = await open(new URL(name, params.get("data")).href, { kind: "array" });
    const { data, shape } = await array.get();
    out[name] = { shape, values: Array.from(data) };
  }
  return out;
})().then(
  (value) => ({ ok: true, value }),
  (error) => ({ ok: false, error: String(error && error.name) + ": " + String(error && error.message) }),
);
`;

/** The Node app: the same read from a folder, and how many workers decoded. */
export const NODE_SOURCE = `import { getWorkerPool, open } from "zarrkit";
import { join } from "node:path";

const out = {};
for (const name of process.argv.slice(3)) {
  const array = await open(join(process.argv[2], name), { kind: "array" });
  const { data, shape } = await array.get();
  out[name] = { shape, values: Array.from(data) };
}
const { spawned } = (await getWorkerPool()).stats();
process.stdout.write(JSON.stringify({ out, spawned }));
`;

/** The apps (one `npm install zarrkit` each); the Vite app is also served by Vite's dev server. */
export const APPS = ["vite", "webpack", "esbuild", "rollup"] as const;
export type App = (typeof APPS)[number];
export type Toolchain = App | "vite-dev";

/**
 * Writes an app's package.json and source (before `npm install zarrkit`); the esbuild
 * app also holds the plain Node script, main.mjs.
 */
export async function writeApp(dir: string, kind: App): Promise<void> {
  await mkdir(join(dir, "src"), { recursive: true });
  const pkg = { name: `zarrkit-${kind}-app`, private: true, type: "module", version: "0.0.0" };
  await writeFile(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  await writeFile(join(dir, "main.mjs"), NODE_SOURCE);
  await writeFile(join(dir, "src/index.js"), APP_SOURCE);
  // Vite's entry is index.html; the other builds get a page that loads their output
  const script =
    kind === "vite"
      ? '<script type="module" src="/src/index.js"></script>'
      : '<script type="module" src="./main.js"></script>';
  await writeFile(join(dir, "index.html"), `<!doctype html><title>${kind}</title>${script}\n`);
}

/** Builds a bundled app into dir/dist (with an index.html); returns that folder. */
export async function buildApp(dir: string, kind: App): Promise<string> {
  const dist = join(dir, "dist");
  switch (kind) {
    case "vite": {
      const { build } = await import("vite");
      await build({ root: dir, configFile: false, logLevel: "warn" });
      return dist;
    }
    case "webpack": {
      // zero configuration (src/index.js -> dist/main.js), as `webpack` run in `dir`
      const { default: webpack } = await import("webpack");
      await new Promise<void>((resolve, reject) => {
        webpack({ mode: "production", context: dir, output: { path: dist } }, (error, stats) => {
          if (error) reject(error);
          else if (stats?.hasErrors()) reject(new Error(stats.toString("errors-only")));
          else resolve();
        });
      });
      break;
    }
    case "esbuild": {
      // splitting, or esbuild inlines every dynamic import: all codecs' WebAssembly
      // (700 KB gzip) in the app's one file instead of loaded when a read needs it
      const { build } = await import("esbuild");
      await build({
        entryPoints: { main: join(dir, "src/index.js") },
        bundle: true,
        format: "esm",
        splitting: true,
        minify: true,
        outdir: dist,
        logLevel: "warning",
      });
      break;
    }
    case "rollup": {
      // Rollup's own minimum for an app from npm packages: resolve them (node-resolve),
      // and minify (terser), as its docs' app setup does; the other three minify in
      // their production builds (esbuild: minify, set above)
      const { rollup } = await import("rollup");
      const { nodeResolve } = await import("@rollup/plugin-node-resolve");
      const terserModule = await import("@rollup/plugin-terser");
      // its types read as CommonJS under NodeNext; imported as ESM, default is the plugin
      const terser = terserModule.default as unknown as (typeof terserModule.default)["default"];
      const bundle = await rollup({
        input: join(dir, "src/index.js"),
        plugins: [nodeResolve({ browser: true }), terser()],
      });
      await bundle.write({ dir: dist, format: "es", entryFileNames: "main.js" });
      await bundle.close();
      break;
    }
  }
  const { copyFile } = await import("node:fs/promises");
  await copyFile(join(dir, "index.html"), join(dist, "index.html"));
  return dist;
}
