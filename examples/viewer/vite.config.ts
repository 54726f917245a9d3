/**
 * The viewer's Vite config: `vite examples/viewer` for development, `vite build
 * examples/viewer` for the static site served by `pnpm start`. Workspace packages
 * resolve to their TypeScript sources through the "zarrkit-source" export condition.
 */
import { fileURLToPath } from "node:url";
import { defaultClientConditions, defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  resolve: { conditions: ["zarrkit-source", ...defaultClientConditions] },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 2000 },
  worker: { format: "es" },
  server: { host: "127.0.0.1" },
  logLevel: "warn",
});
