/**
 * Codec implementations by name, loaded on first use. Register a factory, or a loader
 * that imports one, so a codec's code (and its WASM) loads only when an array uses it.
 */
import type { CodecFactory } from "./codec.js";
import { registerShardingCodec } from "./sharding/sharding-codec.js";

export type CodecLoader = () => Promise<CodecFactory>;

export class CodecRegistry {
  private readonly loaders = new Map<string, CodecLoader>();
  private readonly loaded = new Map<string, Promise<CodecFactory>>();

  /** Adds or replaces a codec by name (a v3 name, or "numcodecs.<id>" for v2 ids). */
  register(name: string, factoryOrLoader: CodecFactory | { load: CodecLoader }): this {
    this.loaded.delete(name);
    if (typeof factoryOrLoader === "function") {
      const factory = factoryOrLoader;
      this.loaders.set(name, async () => factory);
    } else {
      this.loaders.set(name, factoryOrLoader.load);
    }
    return this;
  }

  /** The loader registered for a name (tells a codec registered later from the built-in). */
  loader(name: string): CodecLoader | undefined {
    return this.loaders.get(name);
  }

  has(name: string): boolean {
    return this.loaders.has(name);
  }

  names(): string[] {
    return [...this.loaders.keys()];
  }

  /** The factory for a name, or undefined when none is registered. */
  get(name: string): Promise<CodecFactory> | undefined {
    let pending = this.loaded.get(name);
    if (!pending) {
      const loader = this.loaders.get(name);
      if (!loader) return undefined;
      pending = loader();
      // a failed load (network, WASM compile) may succeed on a later try
      pending.catch(() => this.loaded.delete(name));
      this.loaded.set(name, pending);
    }
    return pending;
  }
}

/**
 * The registry arrays use unless given another; the zarrkit package fills it. Core's
 * own `sharding_indexed` is registered here already (add it to other registries with
 * registerShardingCodec).
 */
export const defaultCodecRegistry = registerShardingCodec(new CodecRegistry());
