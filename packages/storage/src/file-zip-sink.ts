import type { FileHandle } from "node:fs/promises";
import { StoreError } from "@zarrkit/core";
import { loadNodeModules } from "./node-modules.js";
import type { ZipSink } from "./zip-sink.js";

export interface FileZipSinkOptions {
  /** fsync the file before it is renamed into place (slower, crash-safe). */
  fsync?: boolean;
}

/** What writing a zip file produced. */
export interface ZipFileInfo {
  path: string;
  /** Size of the finished zip in bytes. */
  size: number;
}

/** Marks temp files of zips being written (shared with FileSystemStore's temp files). */
const TEMP_MARK = ".zarrkit-tmp-";

/**
 * A sink writing a zip to a local file (Node only): bytes go to a temp file beside the
 * target as they arrive, and `finish` renames it into place, so readers never see a
 * half-written zip and a failed write leaves the old file (if any) untouched.
 */
export class FileZipSink implements ZipSink<ZipFileInfo> {
  readonly path: string;
  readonly tempPath: string;
  readonly name: string;
  readonly #handle: FileHandle;
  readonly #options: FileZipSinkOptions;
  #size = 0;
  #closed = false;

  private constructor(
    path: string,
    tempPath: string,
    handle: FileHandle,
    options: FileZipSinkOptions,
  ) {
    this.path = path;
    this.tempPath = tempPath;
    this.name = path;
    this.#handle = handle;
    this.#options = options;
  }

  /** Creates the temp file now, so a missing folder or a permission error surfaces here. */
  static async create(path: string, options: FileZipSinkOptions = {}): Promise<FileZipSink> {
    if (typeof path !== "string" || path === "") {
      throw new StoreError(
        `a zip file path must be a non-empty string, got ${JSON.stringify(path)}`,
      );
    }
    const { fs, path: nodePath } = await loadNodeModules();
    const target = nodePath.resolve(path);
    const temp = nodePath.join(
      nodePath.dirname(target),
      `.${nodePath.basename(target)}${TEMP_MARK}${globalThis.crypto.randomUUID()}`,
    );
    try {
      return new FileZipSink(target, temp, await fs.open(temp, "wx+"), options);
    } catch (error) {
      throw new StoreError(`cannot create zip file ${target}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  async write(parts: readonly Uint8Array[], offset: number): Promise<void> {
    this.#checkOpen();
    let position = offset;
    try {
      for (const part of parts) {
        for (let done = 0; done < part.length; ) {
          const { bytesWritten } = await this.#handle.write(
            part,
            done,
            part.length - done,
            position + done,
          );
          done += bytesWritten;
        }
        position += part.length;
      }
    } catch (error) {
      throw new StoreError(`cannot write to ${this.tempPath}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    this.#size = Math.max(this.#size, position);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.#checkOpen();
    if (offset < 0 || length < 0 || offset + length > this.#size) {
      throw new StoreError(
        `${this.path}: cannot read bytes ${offset}..${offset + length} not yet written`,
      );
    }
    const buffer = new Uint8Array(length);
    try {
      for (let done = 0; done < length; ) {
        const { bytesRead } = await this.#handle.read(buffer, done, length - done, offset + done);
        if (bytesRead === 0) throw new Error(`file ends before byte ${offset + length}`);
        done += bytesRead;
      }
    } catch (error) {
      throw new StoreError(`cannot read back ${this.tempPath}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return buffer;
  }

  async finish(): Promise<ZipFileInfo> {
    this.#checkOpen();
    this.#closed = true;
    const { fs } = await loadNodeModules();
    try {
      if (this.#options.fsync) await this.#handle.sync();
      await this.#handle.close();
      await fs.rename(this.tempPath, this.path);
    } catch (error) {
      await fs.rm(this.tempPath, { force: true }).catch(() => {});
      throw new StoreError(`cannot finish zip file ${this.path}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return { path: this.path, size: this.#size };
  }

  async abort(): Promise<void> {
    const { fs } = await loadNodeModules();
    if (!this.#closed) {
      this.#closed = true;
      await this.#handle.close().catch(() => {});
    }
    await fs.rm(this.tempPath, { force: true }).catch(() => {});
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreError(`zip file ${this.path} is already finished`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
