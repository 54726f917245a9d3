// Codec factories and classes, plus checksum and dtype helpers other packages may reuse.
// registerPureCodecs (register-pure.ts) registers the pure-TypeScript codecs lazily;
// the WASM codecs export their own registration from ./wasm/. Biome keeps this sorted.
export { adler32 } from "./adler32.js";
export { AsTypeCodec, asTypeFactory } from "./astype.js";
export { BitRoundCodec, bitRoundFactory } from "./bitround.js";
export { BytesCodec, bytesFactory, endianFactory } from "./bytes.js";
export { CategorizeCodec, categorizeFactory } from "./categorize.js";
export { ChecksumCodec } from "./checksum-codec.js";
export { adler32Factory, crc32Factory } from "./checksum32.js";
export { crc32, crc32c } from "./crc32-tables.js";
export { crc32cFactory, numcodecsCrc32cFactory } from "./crc32c.js";
export { DeltaCodec, deltaFactory } from "./delta.js";
export { FixedScaleOffsetCodec, fixedScaleOffsetFactory } from "./fixed-scale-offset.js";
export { fletcher32Factory } from "./fletcher32.js";
export { fletcher32 } from "./fletcher32-sum.js";
export { floatBitsToHalfBits, halfToFloatTable, roundToFloat16 } from "./float16.js";
export { GzipCodec, gzipFactory, numcodecsGzipFactory } from "./gzip.js";
export { Json2Codec, json2Factory } from "./json2.js";
export { PackBitsCodec, packBitsFactory } from "./packbits.js";
export { QuantizeCodec, quantizeFactory } from "./quantize.js";
export { PURE_CODECS, registerPureCodecs } from "./register-pure.js";
export { ShuffleCodec, shuffleFactory } from "./shuffle.js";
export { TransposeCodec, transposeFactory } from "./transpose.js";
export { parseV2Dtype, type V2Dtype } from "./v2-dtype.js";
export { numcodecsVlenBytesFactory, VlenBytesCodec, vlenBytesFactory } from "./vlen-bytes.js";
export { numcodecsVlenUtf8Factory, VlenUtf8Codec, vlenUtf8Factory } from "./vlen-utf8.js";
export * from "./wasm/register-wasm.js";
export { ZlibCodec, zlibFactory } from "./zlib.js";
