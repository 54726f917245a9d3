/**
 * A codec chain built from metadata through a CodecRegistry: array->array codecs,
 * one array->bytes codec, then bytes->bytes codecs. Each array->array codec's encoded
 * spec is the next codec's input spec; bytes->bytes decoders get a bound on their
 * output size (`maxSize`) whenever the sizes before them are fixed.
 */
import type {
  ArrayToArrayCodec,
  ArrayToBytesCodec,
  BytesToBytesCodec,
  Chunk,
  ChunkSpec,
  Codec,
  CodecFactoryContext,
  CodecMetadata,
  CodecPipelineLike,
} from "./codec.js";
import { type CodecRegistry, defaultCodecRegistry } from "./codec-registry.js";
import { componentsOf } from "./data-type.js";
import { CorruptChunkError, MetadataError, UnknownCodecError } from "./errors.js";
import type { FillValue } from "./fill-value-type.js";
import { stringifyJson } from "./json.js";

export interface CodecPipelineOptions {
  /** Where codec implementations come from (default: defaultCodecRegistry). */
  registry?: CodecRegistry;
  /** The array, for error messages ("array 'a/b'"). */
  where?: string;
}

const KIND_LABEL = {
  array_to_array: "array->array",
  array_to_bytes: "array->bytes",
  bytes_to_bytes: "bytes->bytes",
} as const;

/** Per-spec derived values: the input spec of every array->array codec, and sizes. */
interface Layout {
  /** specs[i] is the decoded-side spec of aa[i]; specs[aa.length] is the array->bytes spec. */
  readonly specs: ChunkSpec[];
  /** maxSizes[i] bounds the decoded output of bb[i] (undefined when not fixed). */
  readonly maxSizes: (number | undefined)[];
  /** The fully encoded size, when every codec has a fixed-size output. */
  readonly encodedSize: number | undefined;
  /** Elements times components of the decoded chunk. */
  readonly decodedLength: number;
}

export class CodecPipeline implements CodecPipelineLike {
  private readonly layout: Layout;

  private constructor(
    readonly codecs: readonly CodecMetadata[],
    readonly spec: ChunkSpec,
    readonly where: string,
    private readonly aa: readonly ArrayToArrayCodec[],
    private readonly ab: ArrayToBytesCodec,
    private readonly bb: readonly BytesToBytesCodec[],
  ) {
    this.layout = this.layoutFor(spec);
  }

  /** Builds a pipeline, validating codec order; unknown names throw UnknownCodecError. */
  static async create(
    codecs: readonly CodecMetadata[],
    spec: ChunkSpec,
    options: CodecPipelineOptions = {},
  ): Promise<CodecPipeline> {
    const registry = options.registry ?? defaultCodecRegistry;
    const where = options.where ?? "codec pipeline";
    const ctx: CodecFactoryContext = {
      where,
      createPipeline: (inner, innerSpec) => getCodecPipeline(inner, innerSpec, { registry, where }),
    };
    const aa: ArrayToArrayCodec[] = [];
    const bb: BytesToBytesCodec[] = [];
    // v2 filters that work on bytes (numcodecs.shuffle) come before "bytes" in the chain
    // converted from v2; they may move after it when no array->array codec follows.
    const earlyBytes: BytesToBytesCodec[] = [];
    let ab: ArrayToBytesCodec | undefined;
    let current = spec;
    for (const meta of codecs) {
      const factory = registry.get(meta.name);
      if (!factory) throw new UnknownCodecError(meta.name, where);
      const codec: Codec = await (await factory)(meta.configuration ?? {}, current, ctx);
      if (codec.kind === "array_to_array") {
        if (ab || earlyBytes.length > 0)
          throw orderError(codec, ab ? "array->bytes" : "bytes->bytes", where);
        aa.push(codec);
        current = codec.encodedSpec(current);
      } else if (codec.kind === "array_to_bytes") {
        if (ab) {
          throw new MetadataError(
            `codecs in ${where} have two array->bytes codecs ("${ab.name}" and "${codec.name}"); exactly one is allowed`,
          );
        }
        ab = codec;
      } else if (ab) {
        bb.push(codec);
      } else if (meta.name.startsWith("numcodecs.")) {
        earlyBytes.push(codec);
      } else {
        throw new MetadataError(
          `codec "${codec.name}" (bytes->bytes) in ${where} comes before the array->bytes codec`,
        );
      }
    }
    if (!ab) {
      throw new MetadataError(
        `codecs in ${where} have no array->bytes codec (such as "bytes"): ${codecs.map((c) => c.name).join(", ")}`,
      );
    }
    return new CodecPipeline(codecs, spec, where, aa, ab, [...earlyBytes, ...bb]);
  }

  /**
   * Decodes a chunk. With `scratch`, the last bytes->bytes step writes into a buffer
   * from it when that codec can (decodeInto) and the size is fixed: the chunk may then
   * be a view of that buffer, valid until the caller hands the buffer to anyone else.
   */
  async decode(
    bytes: Uint8Array,
    spec: ChunkSpec = this.spec,
    scratch?: (size: number) => Uint8Array,
  ): Promise<Chunk> {
    const layout = spec === this.spec ? this.layout : this.layoutFor(spec);
    const abSpec = layout.specs[this.aa.length];
    for (let i = this.bb.length - 1; i >= 0; i--) {
      const codec = this.bb[i];
      const maxSize = layout.maxSizes[i];
      bytes =
        i === 0 && scratch && maxSize !== undefined && codec.decodeInto
          ? await codec.decodeInto(bytes, abSpec, scratch(maxSize).subarray(0, maxSize))
          : await codec.decode(bytes, abSpec, maxSize);
    }
    let chunk = await this.ab.decode(bytes, abSpec);
    for (let i = this.aa.length - 1; i >= 0; i--) {
      chunk = await this.aa[i].decode(chunk, layout.specs[i]);
    }
    return this.checked(chunk, layout, spec);
  }

  /**
   * Decodes a chunk and calls `use` with it, synchronously. The chunk may be a view of
   * memory a codec reuses (BytesToBytesCodec.decodeWith), valid only during that call:
   * a caller that copies the chunk anyway (into a read's result) saves a copy. Chains
   * that cannot decode that way (array->array codecs, sharding) decode as decode() does.
   */
  async decodeWith<T>(
    bytes: Uint8Array,
    spec: ChunkSpec,
    use: (chunk: Chunk) => T,
    scratch?: (size: number) => Uint8Array,
  ): Promise<T> {
    const layout = spec === this.spec ? this.layout : this.layoutFor(spec);
    const last = this.bb[0];
    const maxSize = layout.maxSizes[0];
    const ab = this.ab;
    const decodeView = ab.decodeView;
    if (this.aa.length > 0 || !last?.decodeWith || maxSize === undefined || !decodeView) {
      return use(await this.decode(bytes, spec, scratch));
    }
    const abSpec = layout.specs[0];
    for (let i = this.bb.length - 1; i > 0; i--) {
      bytes = await this.bb[i].decode(bytes, abSpec, layout.maxSizes[i]);
    }
    return last.decodeWith(bytes, abSpec, maxSize, (decoded) =>
      use(this.checked(decodeView.call(ab, decoded, abSpec), layout, spec)),
    );
  }

  private checked(chunk: Chunk, layout: Layout, spec: ChunkSpec): Chunk {
    if (chunk.data.length !== layout.decodedLength) {
      throw new CorruptChunkError(
        `a chunk of ${this.where} decoded to ${chunk.data.length} values, expected ${layout.decodedLength} for shape [${spec.shape}]`,
      );
    }
    return chunk;
  }

  async encode(chunk: Chunk, spec: ChunkSpec = this.spec): Promise<Uint8Array> {
    const layout = spec === this.spec ? this.layout : this.layoutFor(spec);
    for (let i = 0; i < this.aa.length; i++) {
      chunk = await this.aa[i].encode(chunk, layout.specs[i]);
    }
    const abSpec = layout.specs[this.aa.length];
    let bytes = await this.ab.encode(chunk, abSpec);
    for (const codec of this.bb) bytes = await codec.encode(bytes, abSpec);
    return bytes;
  }

  encodedSize(spec: ChunkSpec = this.spec): number | undefined {
    return (spec === this.spec ? this.layout : this.layoutFor(spec)).encodedSize;
  }

  private layoutFor(spec: ChunkSpec): Layout {
    const specs = [spec];
    for (const codec of this.aa) specs.push(codec.encodedSpec(specs[specs.length - 1]));
    const abSpec = specs[specs.length - 1];
    let size = this.ab.encodedSize?.(abSpec);
    const maxSizes: (number | undefined)[] = [];
    for (const codec of this.bb) {
      maxSizes.push(size);
      size = size === undefined ? undefined : codec.encodedSize?.(size);
    }
    let elements = 1;
    for (const n of spec.shape) elements *= n;
    return {
      specs,
      maxSizes,
      encodedSize: size,
      decodedLength: elements * componentsOf(spec.dataType.name),
    };
  }
}

function orderError(codec: Codec, after: string, where: string): MetadataError {
  return new MetadataError(
    `codec "${codec.name}" (${KIND_LABEL[codec.kind]}) in ${where} comes after a ${after} codec; the order must be array->array, array->bytes, bytes->bytes`,
  );
}

const cache = new WeakMap<CodecRegistry, Map<string, Promise<CodecPipeline>>>();
const identityCache = new WeakMap<
  CodecRegistry,
  WeakMap<readonly CodecMetadata[], WeakMap<ChunkSpec, Promise<CodecPipeline>>>
>();

/** A cache key for a codec chain and chunk spec. */
export function pipelineKey(codecs: readonly CodecMetadata[], spec: ChunkSpec): string {
  const dt = spec.dataType;
  return `${dt.name}/${dt.itemSize}/${dt.endian}|${spec.shape.join(",")}|${fillKey(spec.fillValue)}|${stringifyJson(codecs)}`;
}

function fillKey(value: FillValue): string {
  if (value instanceof Uint8Array) return `u8:${value.join(",")}`;
  return `${typeof value}:${String(value)}`;
}

/**
 * The pipeline for (codecs, spec) from `registry`, built once and shared: every chunk of
 * an array, and every array with the same codecs and chunk spec, uses the same one.
 */
export function getCodecPipeline(
  codecs: readonly CodecMetadata[],
  spec: ChunkSpec,
  options: CodecPipelineOptions = {},
): Promise<CodecPipeline> {
  const registry = options.registry ?? defaultCodecRegistry;
  // per-chunk calls pass the same codecs and spec objects: skip building the string key
  let byCodecs = identityCache.get(registry);
  if (!byCodecs) {
    byCodecs = new WeakMap();
    identityCache.set(registry, byCodecs);
  }
  let bySpec = byCodecs.get(codecs);
  if (!bySpec) {
    bySpec = new WeakMap();
    byCodecs.set(codecs, bySpec);
  }
  const known = bySpec.get(spec);
  if (known) return known;
  const pending = pipelineByKey(codecs, spec, options, registry);
  const specs = bySpec;
  pending.catch(() => specs.delete(spec));
  bySpec.set(spec, pending);
  return pending;
}

function pipelineByKey(
  codecs: readonly CodecMetadata[],
  spec: ChunkSpec,
  options: CodecPipelineOptions,
  registry: CodecRegistry,
): Promise<CodecPipeline> {
  let byKey = cache.get(registry);
  if (!byKey) {
    byKey = new Map();
    cache.set(registry, byKey);
  }
  const key = pipelineKey(codecs, spec);
  let pending = byKey.get(key);
  if (!pending) {
    pending = CodecPipeline.create(codecs, spec, { ...options, registry });
    const map = byKey;
    // a failed build (unknown codec, a codec that failed to load) is not cached
    pending.catch(() => map.delete(key));
    byKey.set(key, pending);
  }
  return pending;
}
