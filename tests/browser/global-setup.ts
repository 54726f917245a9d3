/**
 * Before the browser tests: the CDN bundle rebuilt from the sources, the viewer's
 * sample dataset (when missing) and its Vite build (when stale). Nothing here needs
 * the tsc build; only the Node example's spec does (`pnpm test` runs `pnpm build`).
 */
import { buildCdn } from "../../scripts/cdn-build.js";
import { prepareExamples } from "../../scripts/prepare-examples.js";

export default async function globalSetup(): Promise<void> {
  await buildCdn();
  await prepareExamples((text) => console.log(`global setup: ${text}`));
}
