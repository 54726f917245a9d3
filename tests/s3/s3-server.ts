/**
 * A real S3-protocol server for tests: @20minutes/s3rver (the maintained fork of s3rver,
 * which verifies AWS Signature V4 of headers and presigned URLs; the original 3.7.1
 * skips V4 verification), in a child process on 127.0.0.1 port 0, with a fresh folder.
 *
 * s3rver does not implement conditional writes (If-None-Match / If-Match on PutObject
 * and CompleteMultipartUpload, which AWS S3 has since 2024): s3-server-main.ts adds
 * them in front of its router, checking the stored ETag under a per-key lock so that
 * concurrent conditional writers are serialised as S3 does. It also answers suffix
 * ranges ("bytes=-N", which S3 supports and s3rver reads as "bytes=0-N") by rewriting
 * them to the explicit range (Range is not a signed header of our reads).
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export const ACCESS_KEY = "S3RVER";
export const SECRET_KEY = "S3RVER";

export interface S3TestServer {
  /** "http://127.0.0.1:PORT" */
  endpoint: string;
  /** Conditional writes refused with 412 so far. */
  conflicts: () => number;
  stop(): Promise<void>;
}

export async function startS3Server(buckets: string[]): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), "zarrkit-s3-"));
  const main = new URL("./s3-server-main.ts", import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", "--import", "tsx", main, directory, ...buckets],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let conflicts = 0;
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("s3rver did not start in 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`s3rver exited (${code})`)));
    lines.on("line", (line) => {
      if (line === "conflict") conflicts++;
      else if (line.startsWith("{")) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    conflicts: () => conflicts,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
