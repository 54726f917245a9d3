import { defineConfig } from "vitest/config";

export default defineConfig({
  // "source" resolves workspace packages to their TypeScript sources (see package.json exports)
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
