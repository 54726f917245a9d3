/** The shared store suite against each writable, listable store zarrkit has. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AzureBlobStore, FileSystemStore, GcsStore, MemoryStore, S3Store } from "@zarrkit/storage";
import { afterAll, beforeAll } from "vitest";
import { ACCESS_KEY, type S3TestServer, SECRET_KEY, startS3Server } from "../s3/s3-server.js";
import { describeStoreConformance } from "./conformance.js";
import { type FakeObjectServer, startFakeObjectServer } from "./object-store-fakes.js";

let s3: S3TestServer;
let gcs: FakeObjectServer;
let azure: FakeObjectServer;
let n = 0;
const SAS = "sv=2021-08-06&sp=racwdl&sig=c2lnbmF0dXJl%2B%3D";

beforeAll(async () => {
  [s3, gcs, azure] = await Promise.all([
    startS3Server(["conformance"]),
    startFakeObjectServer({ kind: "gcs", token: "ya29.token" }),
    startFakeObjectServer({ kind: "azure", account: "acct", sas: SAS }),
  ]);
});
afterAll(async () => {
  await Promise.all([s3?.stop(), gcs?.stop(), azure?.stop()]);
});

describeStoreConformance("MemoryStore", async () => ({ store: new MemoryStore() }));

describeStoreConformance("FileSystemStore", async () => {
  const dir = mkdtempSync(join(tmpdir(), "zarrkit-conformance-"));
  return {
    store: new FileSystemStore(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

// each test gets a fresh prefix in the shared bucket
describeStoreConformance("S3Store (s3rver)", async () => ({
  store: new S3Store(`s3://conformance/t${n++}`, {
    endpoint: s3.endpoint,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    useEnvironment: false,
  }),
}));

describeStoreConformance("GcsStore (local fake)", async () => ({
  store: new GcsStore(`gs://bucket/t${n++}`, { endpoint: gcs.url, token: "ya29.token" }),
}));

describeStoreConformance("AzureBlobStore (local fake)", async () => ({
  store: new AzureBlobStore(`${azure.url}/acct/container/t${n++}?${SAS}`),
}));
