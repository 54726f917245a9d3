/**
 * One WebAssembly codec module: compiled once on first use (the compiled
 * WebAssembly.Module can be posted to workers, which install it with `provide`),
 * instantiated lazily, and re-instantiated after a trap so bad input never leaves it
 * unusable. An instance keeps its heap (and the heap's scratch regions) between calls;
 * instances whose memory grew past RETAIN_BYTES are dropped after the call, so one huge
 * chunk does not pin its memory for the life of the page.
 */
import { type WasmExportsBase, WasmHeap } from "./wasm-heap.js";

const RETAIN_BYTES = 256 * 1024 * 1024;

export class WasmModule<E extends WasmExportsBase = WasmExportsBase> {
  private compiling: Promise<WebAssembly.Module> | undefined;
  private instancing: Promise<WasmHeap<E>> | undefined;
  private current: WasmHeap<E> | undefined;

  constructor(
    readonly name: string,
    /** Compiles the module (from a lazy import of its `.wasm.ts`, or gets it elsewhere). */
    private readonly load: () => Promise<WebAssembly.Module>,
  ) {}

  /** The compiled module, compiled on the first call. */
  compile(): Promise<WebAssembly.Module> {
    if (!this.compiling) {
      const pending = this.load();
      // a failed load may succeed on a later try
      pending.catch(() => {
        if (this.compiling === pending) this.compiling = undefined;
      });
      this.compiling = pending;
    }
    return this.compiling;
  }

  /** Uses an already compiled module (e.g. one a worker received from the main thread). */
  provide(module: WebAssembly.Module): void {
    this.compiling = Promise.resolve(module);
    this.instancing = undefined;
    this.current = undefined;
  }

  /** The instance's exports, instantiating on first use. */
  async exports(): Promise<E> {
    return (await this.heap()).exports;
  }

  /** The instance's heap (one per instance, kept with its scratch regions). */
  private heap(): Promise<WasmHeap<E>> {
    if (this.current) return Promise.resolve(this.current);
    if (!this.instancing) {
      const pending = this.compile()
        .then((module) => WebAssembly.instantiate(module, {}))
        .then((instance) => {
          const heap = new WasmHeap(instance.exports as unknown as E, this.name);
          if (this.instancing === pending) this.current = heap;
          return heap;
        });
      pending.catch(() => {
        if (this.instancing === pending) this.instancing = undefined;
      });
      this.instancing = pending;
    }
    return this.instancing;
  }

  /**
   * Runs `fn` (synchronous, so calls never interleave) with the instance's heap; its
   * per-call allocations are freed afterwards. A trap drops the instance and is rethrown
   * as `onTrap(trap)`.
   */
  async run<T>(fn: (heap: WasmHeap<E>) => T, onTrap: (trap: Error) => Error): Promise<T> {
    const heap = this.current ?? (await this.heap());
    let trapped = false;
    try {
      return fn(heap);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        trapped = true;
        throw onTrap(e);
      }
      throw e;
    } finally {
      if (trapped) this.drop(heap);
      else {
        heap.freeAll();
        if (heap.exports.memory.buffer.byteLength > RETAIN_BYTES) this.drop(heap);
      }
    }
  }

  /** Forgets the instance (the next call makes a new one from the compiled module). */
  private drop(heap: WasmHeap<E>): void {
    if (this.current === heap) {
      this.current = undefined;
      this.instancing = undefined;
    }
  }
}
