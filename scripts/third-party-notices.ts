/**
 * Writes THIRD_PARTY_NOTICES.md for the packages that ship third-party code: the C
 * libraries compiled into the WebAssembly modules (@zarrkit/codecs, and zarrkit's CDN
 * bundle, which embeds those modules and bundles fflate). The licence texts are the
 * verbatim files in wasm/licenses/ (see its README). `--check` fails when a committed
 * file differs from what this would write.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT } from "./cdn-build.js";

interface Notice {
  title: string;
  licence: string;
  text: string;
}

const wasmLicence = (file: string) => readFileSync(join(ROOT, "wasm/licenses", file), "utf8");

const WASM_NOTICES: Notice[] = [
  { title: "c-blosc 1.21.3", licence: "BSD-3-Clause", text: wasmLicence("c-blosc.txt") },
  {
    title: "c-blosc 1.21.3: bitshuffle",
    licence: "MIT",
    text: wasmLicence("c-blosc-bitshuffle.txt"),
  },
  { title: "c-blosc 1.21.3: FastLZ", licence: "MIT", text: wasmLicence("c-blosc-fastlz.txt") },
  {
    title: "c-blosc 1.21.3: fastcopy (from zlib-ng)",
    licence: "Zlib",
    text: wasmLicence("c-blosc-zlib-ng.txt"),
  },
  { title: "zstd 1.5.4", licence: "BSD-3-Clause", text: wasmLicence("zstd.txt") },
  { title: "lz4 1.9.4 (library)", licence: "BSD-2-Clause", text: wasmLicence("lz4.txt") },
  { title: "zlib 1.2.13", licence: "Zlib", text: wasmLicence("zlib.txt") },
  { title: "bzip2 / libbzip2 1.0.8", licence: "bzip2-1.0.6", text: wasmLicence("bzip2.txt") },
  { title: "libdeflate 1.14", licence: "MIT", text: wasmLicence("libdeflate.txt") },
  { title: "snappy 1.1.9", licence: "BSD-3-Clause", text: wasmLicence("snappy.txt") },
  { title: "wasi-libc (musl)", licence: "MIT", text: wasmLicence("wasi-libc-musl.txt") },
];

function fflateNotice(): Notice {
  const require = createRequire(join(ROOT, "packages/codecs/package.json"));
  const dir = join(require.resolve("fflate/package.json"), "..");
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    version: string;
  };
  return {
    title: `fflate ${version}`,
    licence: "MIT",
    text: readFileSync(join(dir, "LICENSE"), "utf8"),
  };
}

function render(intro: string, notices: Notice[]): string {
  const sections = notices.map(
    (n) => `## ${n.title} (${n.licence})\n\n\`\`\`text\n${n.text.trim()}\n\`\`\`\n`,
  );
  return `# Third-party notices\n\n${intro}\n\n${sections.join("\n")}`;
}

/** Each package's notices file and its content. */
export function thirdPartyNotices(): Map<string, string> {
  return new Map([
    [
      join(ROOT, "packages/codecs/THIRD_PARTY_NOTICES.md"),
      render(
        "The WebAssembly modules in `dist/wasm/` (embedded as base64) are compiled from the C " +
          "libraries below (Debian's source packages, by `wasm/build.sh` in the zarrkit " +
          "repository). Their licences:",
        WASM_NOTICES,
      ),
    ],
    [
      join(ROOT, "packages/zarrkit/THIRD_PARTY_NOTICES.md"),
      render(
        "The CDN bundle (`dist/zarrkit.min.js`, `dist/cdn/`) and the browser decode worker " +
          "(`dist/browser-decode-worker.js`, `dist/decode-worker-source.js`) " +
          "embed the WebAssembly modules of @zarrkit/codecs (the worker: none, its pool sends " +
          "them), compiled from the C libraries below, and bundle fflate. Their licences:",
        [...WASM_NOTICES, fflateNotice()],
      ),
    ],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const [file, text] of thirdPartyNotices()) {
    if (!check) writeFileSync(file, text);
    else if (readFileSync(file, "utf8") !== text) {
      console.error(`${file} is out of date: run node --import tsx scripts/third-party-notices.ts`);
      stale++;
    }
  }
  process.exitCode = stale ? 1 : 0;
}
