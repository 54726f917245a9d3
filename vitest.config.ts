import { defineConfig } from "vitest/config";

export default defineConfig({
  // "zarrkit-source" resolves workspace packages to their TypeScript sources (see package.json exports)
  resolve: { conditions: ["zarrkit-source"] },
  ssr: { resolve: { conditions: ["zarrkit-source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
