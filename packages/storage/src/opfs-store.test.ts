/** OpfsStore outside a browser; the real OPFS is tested in tests/browser-opfs (Chromium). */
import { StoreError, ZarrError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { OpfsStore } from "./opfs-store.js";

describe("OpfsStore without a browser", () => {
  it("refuses to open where there is no Origin Private File System", async () => {
    const error = await OpfsStore.open("data").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZarrError);
    expect((error as ZarrError).code).toBe("unsupported");
    expect((error as ZarrError).message).toMatch(/navigator\.storage\.getDirectory/);
  });

  it("needs a directory handle", () => {
    expect(() => new OpfsStore(undefined as unknown as FileSystemDirectoryHandle)).toThrow(
      StoreError,
    );
    const file = { kind: "file", name: "x" } as unknown as FileSystemDirectoryHandle;
    expect(() => new OpfsStore(file)).toThrow(/needs a FileSystemDirectoryHandle/);
  });
});
