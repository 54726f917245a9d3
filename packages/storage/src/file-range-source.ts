import { StoreError, throwIfAborted } from "@zarrkit/core";
import { readFileHandleRange } from "./file-read.js";
import { loadNodeModules } from "./node-modules.js";
import { checkSourceRange, type RangeSource } from "./range-source.js";

/** A RangeSource over a local file (Node only), reading each range at its offset. */
export class FileRangeSource implements RangeSource {
  readonly path: string;
  #size: Promise<number> | undefined;

  constructor(path: string) {
    this.path = path;
  }

  size(): Promise<number> {
    this.#size ??= loadNodeModules()
      .then(({ fs }) => fs.stat(this.path))
      .then(
        (info) => info.size,
        (error: unknown) => {
          this.#size = undefined;
          throw new StoreError(`cannot read ${this.path}: ${String(error)}`, { cause: error });
        },
      );
    return this.#size;
  }

  async read(offset: number, length: number, options?: { signal?: AbortSignal }) {
    throwIfAborted(options?.signal);
    checkSourceRange(offset, length, await this.size(), this.path);
    const { fs } = await loadNodeModules();
    try {
      const handle = await fs.open(this.path, "r");
      try {
        const bytes = await readFileHandleRange(handle, { offset, length });
        if (bytes.length !== length) throw new Error(`file shrank below ${offset + length} bytes`);
        return bytes;
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new StoreError(`cannot read ${this.path}: ${String(error)}`, { cause: error });
    }
  }
}
