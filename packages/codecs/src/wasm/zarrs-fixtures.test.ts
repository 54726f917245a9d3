/** Chunks of zarr-python's v2 arrays in /work/shared/fixtures (float32 10x10, chunks 5x5). */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SHARED_FIXTURES } from "../../../../tests/support/shared-fixtures.js";
import { makeCodec, specFor } from "./codec-harness.test-util.js";

const ROOT = `${SHARED_FIXTURES}/zarrs/v2`;
const ARRAYS = ["array_blosc_C.zarr", "array_zstd_C.zarr", "array_bz2_C.zarr"];

describe.skipIf(!existsSync(ROOT))("zarr-python v2 chunks", () => {
  for (const name of ARRAYS) {
    it(`decodes every chunk of ${name}`, async () => {
      const meta = JSON.parse(readFileSync(`${ROOT}/${name}/.zarray`, "utf8"));
      const { id, ...config } = meta.compressor as { id: string } & Record<string, unknown>;
      const spec = specFor(4, 25 * 4);
      const codec = await makeCodec(`numcodecs.${id}`, config, spec);
      for (let ci = 0; ci < 2; ci++) {
        for (let cj = 0; cj < 2; cj++) {
          const blob = new Uint8Array(readFileSync(`${ROOT}/${name}/${ci}.${cj}`));
          const bytes = await codec.decode(blob, spec, 100);
          const values = new Float32Array(bytes.buffer, bytes.byteOffset, 25);
          const expected = Array.from({ length: 25 }, (_, k) => {
            const row = ci * 5 + Math.floor(k / 5);
            const col = cj * 5 + (k % 5);
            return row * 10 + col;
          });
          expect(Array.from(values)).toEqual(expected);
        }
      }
    });
  }
});
