/**
 * Linear memory of one module instance, as the codecs use it: two scratch regions (an
 * input and an output) kept across calls and grown only to a high-water mark, so the
 * steady state has no malloc, no memory.grow and no first-touch page faults; plus
 * per-call allocations (freed by freeAll) for anything else.
 */
import { CodecError } from "@zarrkit/core";

/*
 * The WebAssembly types that zarrkit's declarations name, for programs with neither the
 * DOM lib nor a WebAssembly namespace from @types/node: without these, the published
 * .d.ts would not compile there. Empty interfaces merge with the full ones wherever those
 * exist, so nothing changes for other programs. (Here, in a module every WASM codec's
 * declarations load, rather than in a file of its own that would need a bare import.)
 */
declare global {
  namespace WebAssembly {
    interface Module {}
    interface Memory {}
  }
}

/** What every zarrkit module exports (wasm/shims/zk-alloc.c). */
export interface WasmExportsBase {
  readonly memory: WebAssembly.Memory;
  zk_malloc(size: number): number;
  zk_free(ptr: number): void;
}

/**
 * What a decoder does with its output, `size` bytes at `ptr` in linear memory (valid
 * until the module is next called): copy it out (intoBuffer) or show it (toView).
 */
export type DecodedSink<T> = (heap: WasmHeap<WasmExportsBase>, ptr: number, size: number) => T;

/** Copies the output into `out` (see WasmHeap.result), or into a fresh buffer. */
export function intoBuffer(out?: Uint8Array): DecodedSink<Uint8Array> {
  return (heap, ptr, size) => heap.result(ptr, size, out);
}

/** Calls `use` with the output where it is, in linear memory: nothing is copied. */
export function toView<T>(use: (view: Uint8Array) => T): DecodedSink<T> {
  return (heap, ptr, size) => use(heap.bytes().subarray(ptr, ptr + size));
}

/** Scratch slot of a call's input (compressed bytes for a decoder). */
export const INPUT = 0;
/** Scratch slot of a call's output. */
export const OUTPUT = 1;

export class WasmHeap<E extends WasmExportsBase> {
  private readonly pointers: number[] = [];
  private readonly scratchPtr = [0, 0];
  private readonly scratchSize = [0, 0];
  // a view of all of memory, remade only after memory.grow detaches its buffer
  private u8: Uint8Array;

  constructor(
    readonly exports: E,
    private readonly moduleName: string,
  ) {
    this.u8 = new Uint8Array(exports.memory.buffer);
  }

  /** All of linear memory (valid until the next call into the module). */
  bytes(): Uint8Array {
    if (this.u8.buffer !== this.exports.memory.buffer) {
      this.u8 = new Uint8Array(this.exports.memory.buffer);
    }
    return this.u8;
  }

  private malloc(size: number): number {
    const ptr = this.exports.zk_malloc(size);
    if (ptr === 0) {
      throw new CodecError(
        `WebAssembly module "${this.moduleName}" is out of memory (allocating ${size} bytes)`,
      );
    }
    return ptr;
  }

  /** `size` bytes of linear memory, freed by freeAll(). */
  alloc(size: number): number {
    const ptr = this.malloc(size);
    this.pointers.push(ptr);
    return ptr;
  }

  /**
   * At least `size` bytes of the retained region `slot` (INPUT or OUTPUT); its contents
   * are undefined. The region is reused by later calls and only ever grows.
   */
  scratch(slot: number, size: number): number {
    if (this.scratchSize[slot] >= size && this.scratchPtr[slot] !== 0) return this.scratchPtr[slot];
    if (this.scratchPtr[slot] !== 0) this.exports.zk_free(this.scratchPtr[slot]);
    this.scratchPtr[slot] = 0;
    this.scratchSize[slot] = 0;
    // headroom (below 64 MiB), so chunks of slightly varying sizes do not each reallocate
    const capacity = size < 1 << 26 ? Math.max(size + (size >>> 3), 64 * 1024) : size;
    this.scratchPtr[slot] = this.malloc(capacity);
    this.scratchSize[slot] = capacity;
    return this.scratchPtr[slot];
  }

  /** A copy of `bytes` in the INPUT scratch region. */
  copyIn(bytes: Uint8Array): number {
    const ptr = this.scratch(INPUT, bytes.length);
    this.bytes().set(bytes, ptr);
    return ptr;
  }

  /** A JavaScript-owned copy of `size` bytes at `ptr`. */
  copyOut(ptr: number, size: number): Uint8Array {
    return this.bytes().slice(ptr, ptr + size);
  }

  /**
   * The `size` bytes at `ptr` as the caller's `out` (a view of its first `size` bytes),
   * or as a fresh copy when there is no `out`.
   */
  result(ptr: number, size: number, out: Uint8Array | undefined): Uint8Array {
    if (!out) return this.copyOut(ptr, size);
    out.set(this.bytes().subarray(ptr, ptr + size));
    return size === out.length ? out : out.subarray(0, size);
  }

  /** Frees the per-call allocations (the scratch regions stay). */
  freeAll(): void {
    for (let i = this.pointers.length - 1; i >= 0; i--) this.exports.zk_free(this.pointers[i]);
    this.pointers.length = 0;
  }
}
