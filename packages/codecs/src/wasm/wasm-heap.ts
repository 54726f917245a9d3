/**
 * Allocations in a module's linear memory for one call: inputs copied in, outputs copied
 * out, everything freed afterwards so the allocator reuses the space on the next call.
 * Views are made fresh on each access because memory.grow detaches the old buffer.
 */
import { CodecError } from "@zarrkit/core";

/** What every zarrkit module exports (wasm/shims/zk-alloc.c). */
export interface WasmExportsBase {
  readonly memory: WebAssembly.Memory;
  zk_malloc(size: number): number;
  zk_free(ptr: number): void;
}

export class WasmHeap<E extends WasmExportsBase> {
  private readonly pointers: number[] = [];

  constructor(
    readonly exports: E,
    private readonly moduleName: string,
  ) {}

  /** `size` bytes of linear memory, freed by freeAll(). */
  alloc(size: number): number {
    const ptr = this.exports.zk_malloc(size);
    if (ptr === 0) {
      throw new CodecError(
        `WebAssembly module "${this.moduleName}" is out of memory (allocating ${size} bytes)`,
      );
    }
    this.pointers.push(ptr);
    return ptr;
  }

  /** A copy of `bytes` in linear memory. */
  copyIn(bytes: Uint8Array): number {
    const ptr = this.alloc(bytes.length);
    this.view(ptr, bytes.length).set(bytes);
    return ptr;
  }

  /** A JavaScript-owned copy of `size` bytes at `ptr`. */
  copyOut(ptr: number, size: number): Uint8Array {
    return this.view(ptr, size).slice();
  }

  view(ptr: number, size: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, ptr, size);
  }

  /** Frees one allocation early (e.g. an output buffer that was too small). */
  free(ptr: number): void {
    const i = this.pointers.lastIndexOf(ptr);
    if (i >= 0) this.pointers.splice(i, 1);
    this.exports.zk_free(ptr);
  }

  freeAll(): void {
    for (let i = this.pointers.length - 1; i >= 0; i--) this.exports.zk_free(this.pointers[i]);
    this.pointers.length = 0;
  }
}
