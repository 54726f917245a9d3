import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { thirdPartyNotices } from "../../scripts/third-party-notices.js";

describe("THIRD_PARTY_NOTICES.md", () => {
  it("is what scripts/third-party-notices.ts writes from wasm/licenses (run it after changing those)", () => {
    for (const [file, text] of thirdPartyNotices()) expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("names every C library compiled into the WASM, and fflate where the CDN bundle has it", () => {
    const notices = [...thirdPartyNotices()];
    for (const [, text] of notices) {
      for (const library of ["c-blosc", "zstd", "lz4", "zlib", "bzip2", "libdeflate"]) {
        expect(text).toContain(`## ${library}`);
      }
    }
    const zarrkit = notices.find(([file]) =>
      file.endsWith("packages/zarrkit/THIRD_PARTY_NOTICES.md"),
    );
    expect(zarrkit?.[1]).toContain("## fflate");
  });
});
