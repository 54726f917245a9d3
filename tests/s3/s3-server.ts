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
 * them to the explicit range (Range is not a signed header of our reads). s3rver serves
 * unsigned requests to any bucket; `privateBuckets` refuse them with 403 AccessDenied,
 * as a bucket without a public policy does.
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
  /** The requests served so far, with `logRequests` (else none). */
  requests: () => LoggedRequest[];
  stop(): Promise<void>;
}

export interface S3ServerOptions {
  /** Buckets that refuse unsigned requests (403 AccessDenied, CORS headers kept). */
  privateBuckets?: string[];
  /** Record every request (see S3TestServer.requests). */
  logRequests?: boolean;
}

/** One request as the server saw it (CORS preflights included). */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  origin?: string;
  /** The preflight's Access-Control-Request-Headers. */
  requestHeaders?: string;
  /** The preflight answer's Access-Control-Allow-Headers. */
  allowHeaders?: string;
}

/** The child's configuration (argv[3] of s3-server-main.ts, as JSON). */
export interface S3ServerConfig extends S3ServerOptions {
  buckets: string[];
}

export async function startS3Server(
  buckets: string[],
  options: S3ServerOptions = {},
): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), "zarrkit-s3-"));
  const main = new URL("./s3-server-main.ts", import.meta.url).pathname;
  const config: S3ServerConfig = { buckets, ...options };
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", "--import", "tsx", main, directory, JSON.stringify(config)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let conflicts = 0;
  const requests: LoggedRequest[] = [];
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("s3rver did not start in 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`s3rver exited (${code})`)));
    lines.on("line", (line) => {
      if (line === "conflict") conflicts++;
      else if (line.startsWith("request ")) requests.push(JSON.parse(line.slice(8)));
      else if (line.startsWith("{")) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    conflicts: () => conflicts,
    requests: () => [...requests],
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
