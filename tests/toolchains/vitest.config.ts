/**
 * `pnpm test:toolchains` (after `pnpm build`): the toolchain suite alone. Its test
 * files end in .toolchain.ts so the main `vitest run` never picks them up. The test
 * process itself writes the data with zarrkit from source ("zarrkit-source").
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["zarrkit-source"] },
  ssr: { resolve: { conditions: ["zarrkit-source"] } },
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/toolchains/**/*.toolchain.ts"],
    testTimeout: 120_000,
    // setup packs, publishes, installs and builds: minutes on a loaded 2-core machine
    hookTimeout: 900_000,
  },
});
