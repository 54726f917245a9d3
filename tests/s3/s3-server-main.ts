/**
 * The S3 test server's process (see s3-server.ts): node --openssl-legacy-provider, since
 * s3rver makes its continuation tokens with DES, which OpenSSL 3 only has as a legacy
 * cipher. Args: DIRECTORY CONFIG (S3ServerConfig as JSON); prints {"port"} once
 * listening, then one line "conflict" per refused conditional write and, with
 * logRequests, one line "request {...}" (a LoggedRequest) per request served.
 *
 * Keys with "&", "<" or "'" are listed once escaped (see `he` below), not twice.
 * s3rver's delimiter listing skips folders below a common prefix before it has seen
 * any key in them, so "a/b/c" never yields the common prefix "a/": delimiterListing
 * lists without the delimiter and groups the keys itself, as S3 does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { LoggedRequest, S3ServerConfig } from "./s3-server.js";

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  type: string;
  params?: Record<string, string>;
  req: IncomingMessage;
  res: ServerResponse;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
interface ListResult {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}
interface ListOptions {
  delimiter?: string;
  prefix?: string;
  maxKeys?: number;
  startAfter?: string;
}
interface S3rverStore {
  listObjects(bucket: string, options: ListOptions): Promise<ListResult>;
  getMetadata(bucket: string, key: string): Promise<{ etag: string; "content-length": number }>;
  existsObject(bucket: string, key: string): Promise<boolean>;
}
interface S3rverInstance {
  middleware: Middleware[];
  store: S3rverStore;
  run(): Promise<{ port: number }>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

type S3ErrorClass = new (code: string, message: string) => Error;

const [directory = "", configJson = "{}"] = process.argv.slice(2);
const config = JSON.parse(configJson) as S3ServerConfig;
const require = createRequire(import.meta.url);
const S3rver = require("@20minutes/s3rver") as S3rverClass;
const s3rverRequire = createRequire(require.resolve("@20minutes/s3rver"));
// s3rver escapes text with `he` and then its XML builder escapes it again ("&" becomes
// "&amp;amp;"); leave the escaping to the builder, once, as S3 does
const he = s3rverRequire("he") as { escape: (t: string) => string };
const corsHeaders = (s3rverRequire("./middleware/cors") as () => Middleware)();
const S3Error = s3rverRequire("./models/error") as S3ErrorClass;
he.escape = (text) => text;
const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: process.env.S3_DEBUG !== "1",
  directory,
  vhostBuckets: false,
  configureBuckets: config.buckets.map((name) => ({ name })),
});
if (config.logRequests) server.middleware.unshift(logRequests);
// before the router, which is the last middleware
server.middleware.splice(
  server.middleware.length - 1,
  0,
  refuseUnsigned(new Set(config.privateBuckets ?? [])),
  conditionalWrites(server.store, () => process.stdout.write("conflict\n")),
  suffixRanges(server.store),
);
delimiterListing(server.store);
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.stdin.on("end", () => process.exit(0)); // the parent went away
process.stdin.resume();

async function logRequests(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  ctx.res.once("finish", () => {
    const entry: LoggedRequest = { method: ctx.method, path: ctx.path, status: ctx.res.statusCode };
    const origin = header(ctx, "origin");
    const requestHeaders = header(ctx, "access-control-request-headers");
    const allowHeaders = ctx.res.getHeader("access-control-allow-headers");
    if (origin !== undefined) entry.origin = origin;
    if (requestHeaders !== undefined) entry.requestHeaders = requestHeaders;
    if (allowHeaders !== undefined) entry.allowHeaders = String(allowHeaders);
    process.stdout.write(`request ${JSON.stringify(entry)}\n`);
  });
  await next();
}

/**
 * Answers with an S3 error (XML, by s3rver's error handler) after s3rver's CORS
 * middleware has set the bucket's CORS headers, so that a browser sees the status.
 */
async function refuse(ctx: KoaContext, bucket: string, code: string, message: string) {
  ctx.params = { bucket };
  await corsHeaders(ctx, async () => {
    throw new S3Error(code, message);
  });
}

/**
 * A private bucket: requests without a signature (Authorization header or presigned
 * query) are refused with 403 AccessDenied (CORS preflights pass: they are never signed).
 */
function refuseUnsigned(privateBuckets: Set<string>): Middleware {
  return async (ctx, next) => {
    const [, bucket = ""] = ctx.path.split("/");
    const signed =
      header(ctx, "authorization") !== undefined ||
      "X-Amz-Algorithm" in ctx.query ||
      "Signature" in ctx.query;
    if (ctx.method === "OPTIONS" || signed || !privateBuckets.has(bucket)) return next();
    await refuse(ctx, bucket, "AccessDenied", "Access Denied");
  };
}

function conditionalWrites(store: S3rverStore, onConflict: () => void): Middleware {
  const locks = new Map<string, Promise<void>>();
  return async (ctx, next) => {
    const ifNoneMatch = header(ctx, "if-none-match");
    const ifMatch = header(ctx, "if-match");
    const isWrite =
      (ctx.method === "PUT" && ctx.query.partNumber === undefined) ||
      (ctx.method === "POST" && ctx.query.uploadId !== undefined);
    if (!isWrite || (ifNoneMatch === undefined && ifMatch === undefined)) return next();
    const [, bucket = "", ...rest] = ctx.path.split("/");
    const key = decodeURIComponent(rest.join("/"));
    const id = `${bucket}/${key}`;
    const previous = locks.get(id) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chained = previous.then(() => mine);
    locks.set(id, chained);
    await previous;
    try {
      const exists = await store.existsObject(bucket, key);
      const etag = exists ? (await store.getMetadata(bucket, key)).etag : undefined;
      const failed = (ifNoneMatch === "*" && exists) || (ifMatch !== undefined && ifMatch !== etag);
      if (failed) {
        onConflict();
        const message = "At least one of the pre-conditions you specified did not hold";
        return await refuse(ctx, bucket, "PreconditionFailed", message);
      }
      await next();
    } finally {
      release();
      if (locks.get(id) === chained) locks.delete(id);
    }
  };
}

function suffixRanges(store: S3rverStore): Middleware {
  return async (ctx, next) => {
    const suffix = /^bytes=-(\d+)$/.exec(header(ctx, "range") ?? "");
    if (suffix && (ctx.method === "GET" || ctx.method === "HEAD")) {
      const [, bucket = "", ...rest] = ctx.path.split("/");
      const key = decodeURIComponent(rest.join("/"));
      if (await store.existsObject(bucket, key)) {
        const size = Number((await store.getMetadata(bucket, key))["content-length"]);
        const start = Math.max(0, size - Number(suffix[1]));
        ctx.headers.range = `bytes=${start}-${Math.max(start, size - 1)}`;
      }
    }
    return next();
  };
}

function header(ctx: KoaContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function delimiterListing(store: S3rverStore): void {
  const original = store.listObjects.bind(store);
  store.listObjects = async (bucket, options) => {
    const delimiter = options.delimiter;
    if (!delimiter) return original(bucket, options);
    const all = await original(bucket, { ...options, delimiter: "", maxKeys: Infinity });
    const prefix = options.prefix ?? "";
    const prefixes = new Set<string>();
    const objects: { key: string }[] = [];
    const maxKeys = options.maxKeys ?? 1000;
    let isTruncated = false;
    for (const object of all.objects) {
      const at = object.key.indexOf(delimiter, prefix.length);
      if (at !== -1) prefixes.add(object.key.slice(0, at + delimiter.length));
      else if (objects.length < maxKeys) objects.push(object);
      else isTruncated = true;
    }
    return { objects, commonPrefixes: [...prefixes].sort(), isTruncated };
  };
}
