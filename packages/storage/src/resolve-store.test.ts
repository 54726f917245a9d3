import { readdir, readFile } from "node:fs/promises";
import { ZarrError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { SHARED_FIXTURES } from "../../../tests/support/shared-fixtures.js";
import { FetchStore } from "./fetch-store.js";
import { FileSystemStore } from "./filesystem-store.js";
import { GcsStore } from "./gcs-store.js";
import { resolveStore } from "./resolve-store.js";
import { S3Store } from "./s3-store.js";
import { ZipStore } from "./zip-store.js";

describe("resolveStore", () => {
  it("picks the store for a URL or path", async () => {
    expect(resolveStore("https://host/data.zarr")).toBeInstanceOf(FetchStore);
    expect(resolveStore("http://host/data.zarr.zip?sig=1")).toBeInstanceOf(ZipStore);
    expect(resolveStore("/tmp/data.zarr")).toBeInstanceOf(FileSystemStore);
    expect(resolveStore("relative/data.zarr")).toBeInstanceOf(FileSystemStore);
    const fromFileUrl = resolveStore("file:///tmp/my%20data.zarr") as FileSystemStore;
    expect(fromFileUrl.root).toBe("/tmp/my data.zarr");
    const zip = resolveStore(`${SHARED_FIXTURES}/zarrs/zarr_python_compat/zarr.zip`);
    expect(zip).toBeInstanceOf(ZipStore);
    expect(await zip.has?.("zarr.json")).toBe(true);
    const s3 = resolveStore("s3://my-bucket/data.zarr", {
      s3: { region: "eu-west-1", useEnvironment: false },
    });
    expect(s3).toBeInstanceOf(S3Store);
    expect((s3 as S3Store).resolve("zarr.json")).toBe(
      "https://my-bucket.s3.eu-west-1.amazonaws.com/data.zarr/zarr.json",
    );
    const gs = resolveStore("gs://pub-bucket/a/b.zarr") as GcsStore;
    expect(gs).toBeInstanceOf(GcsStore);
    expect(gs.resolve("c/0")).toBe("https://storage.googleapis.com/pub-bucket/a/b.zarr/c/0");
    expect(() => resolveStore("ftp://host/x")).toThrow(ZarrError);
  });
});

describe("resolveStore's http option", () => {
  it("bounds every store that speaks HTTP (the CLI's --timeout)", () => {
    const http = { idleTimeoutMs: 1234 };
    const stores = [
      resolveStore("https://host/data.zarr", { http }),
      resolveStore("s3://bucket/data.zarr", { http, s3: { useEnvironment: false } }),
      resolveStore("gs://bucket/data.zarr", { http }),
      resolveStore("https://acct.blob.core.windows.net/c/data.zarr?sv=1", { http }),
    ];
    for (const store of stores) {
      expect((store as FetchStore).client.limits.idleTimeoutMs).toBe(1234);
    }
    const own = resolveStore("https://host/x", { http, fetch: { idleTimeoutMs: 5 } });
    expect((own as FetchStore).client.limits.idleTimeoutMs).toBe(5);
  });
});

describe("browser safety", () => {
  it("no module evaluates a node: import at load time", async () => {
    const dir = new URL(".", import.meta.url);
    const files = (await readdir(dir)).filter(
      (name) => name.endsWith(".ts") && !name.includes(".test"),
    );
    for (const name of files) {
      const source = await readFile(new URL(name, dir), "utf8");
      expect(source, name).not.toMatch(/^import (?!type )[^;]*from "node:/m);
    }
  });
});
