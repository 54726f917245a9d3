import { type ChunkData, CodecError } from "@zarrkit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { permuteAxes, type TransposeCodec, transposeFactory } from "./transpose.js";
import { make, spec } from "./vectors.test-util.js";

/** numpy.transpose by definition: out[i0..] = src[index with axes permuted]. */
function naive(src: ArrayLike<unknown>, shape: number[], perm: number[], comps: number): unknown[] {
  const oShape = perm.map((p) => shape[p]);
  const n = oShape.reduce((a, b) => a * b, 1);
  const out: unknown[] = [];
  const idx = new Array(shape.length).fill(0);
  for (let o = 0; o < n; o++) {
    let rem = o;
    for (let ax = oShape.length - 1; ax >= 0; ax--) {
      idx[perm[ax]] = rem % oShape[ax];
      rem = Math.floor(rem / oShape[ax]);
    }
    let flat = 0;
    for (let ax = 0; ax < shape.length; ax++) flat = flat * shape[ax] + idx[ax];
    for (let k = 0; k < comps; k++) out.push(src[flat * comps + k]);
  }
  return out;
}

const shapeAndPerm = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 })
  .chain((shape) =>
    fc
      .shuffledSubarray(
        shape.map((_, i) => i),
        { minLength: shape.length, maxLength: shape.length },
      )
      .map((perm) => ({ shape, perm })),
  );

describe("transpose", () => {
  it("permutes axes like numpy.transpose, for any rank", () => {
    fc.assert(
      fc.property(shapeAndPerm, fc.constantFrom(1, 2), ({ shape, perm }, comps) => {
        const n = shape.reduce((a, b) => a * b, 1) * comps;
        const src = Float64Array.from({ length: n }, (_, i) => i);
        const out = permuteAxes(src, shape, perm, comps);
        expect(Array.from(out as Float64Array)).toEqual(naive(src, shape, perm, comps));
      }),
    );
  });

  it("handles large 2D chunks (tiled path) and strings", () => {
    const shape = [70, 45];
    const src = Int32Array.from({ length: 70 * 45 }, (_, i) => i);
    expect(Array.from(permuteAxes(src, shape, [1, 0], 1) as Int32Array)).toEqual(
      naive(src, shape, [1, 0], 1),
    );
    const strs = ["a", "b", "c", "d", "e", "f"];
    expect(permuteAxes(strs, [2, 3], [1, 0], 1)).toEqual(["a", "d", "b", "e", "c", "f"]);
  });

  it("encodes and decodes as a codec (F order as a reversed permutation)", async () => {
    const s = spec("int16", [2, 3, 4]);
    const codec = await make<TransposeCodec>(transposeFactory, { order: [2, 0, 1] }, s);
    expect(codec.encodedSpec(s).shape).toEqual([4, 2, 3]);
    const data = Int16Array.from({ length: 24 }, (_, i) => i);
    const enc = codec.encode({ data, shape: [2, 3, 4] }, s);
    expect(enc.shape).toEqual([4, 2, 3]);
    expect(Array.from(enc.data as Int16Array)).toEqual(naive(data, [2, 3, 4], [2, 0, 1], 1));
    const dec = codec.decode(enc, s);
    expect(dec.shape).toEqual([2, 3, 4]);
    expect(dec.data).toEqual(data);
    const f = await make<TransposeCodec>(transposeFactory, { order: "F" }, s);
    expect(f.order).toEqual([2, 1, 0]);
    const c64 = spec("complex64", [2, 2]);
    const cc = await make<TransposeCodec>(transposeFactory, { order: [1, 0] }, c64);
    const z = new Float32Array([1, 10, 2, 20, 3, 30, 4, 40]);
    expect(
      Array.from(cc.encode({ data: z as ChunkData, shape: [2, 2] }, c64).data as Float32Array),
    ).toEqual([1, 10, 3, 30, 2, 20, 4, 40]);
  });

  it("rejects orders that are not permutations of the chunk's axes", async () => {
    const s = spec("int16", [2, 3]);
    for (const order of [[0, 0], [0, 2], [0], "X", undefined, [0, 1.5]]) {
      await expect(make(transposeFactory, { order }, s)).rejects.toThrow(CodecError);
    }
    await expect(make(transposeFactory, { order: [1, 2, 0] }, s)).rejects.toThrow(/transpose/);
  });
});
