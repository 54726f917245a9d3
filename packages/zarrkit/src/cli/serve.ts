/**
 * `zarrkit serve DIR [--port N] [--host H]`: a static file server for Zarr data and web
 * pages, with what browsers reading Zarr need: byte ranges (206, multi-chunk shards),
 * CORS on every response (so a page on another origin can fetch and import from it),
 * HEAD, and 404 for missing keys. Also used by `pnpm start` and the browser tests.
 * Not a production server: no caching headers beyond ETag, no compression.
 */
import { constants } from "node:fs";
import { type FileHandle, open, realpath, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, relative, resolve, sep } from "node:path";
import { pipeline } from "node:stream/promises";

export interface StaticServerOptions {
  /** The folder served at "/". */
  root: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: never listen beyond this machine unless asked. */
  host?: string;
  /** Called for every request (tests count requests with it). */
  onRequest?: (request: { method: string; path: string; range: string | undefined }) => void;
  /**
   * Send COOP/COEP headers so pages from here are cross-origin isolated (and may post
   * SharedArrayBuffers to workers: zarrkit's workers then write results in place).
   */
  crossOriginIsolated?: boolean;
  /**
   * Paths answered with a 302 to another path on this server (`pnpm start` sends "/"
   * to the viewer, whose page loads its data by relative URLs from its own folder).
   */
  redirects?: Readonly<Record<string, string>>;
}

export interface StaticServer {
  /** "http://127.0.0.1:PORT/" */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
};

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Range, If-None-Match, Cache-Control",
  "Access-Control-Expose-Headers": "Content-Length, Content-Range, Accept-Ranges, ETag",
  // lets pages with Cross-Origin-Embedder-Policy load from here too
  "Cross-Origin-Resource-Policy": "cross-origin",
};

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(options.root);
  const realRoot = await realpath(root);
  const server = createServer((request, response) => {
    if (options.crossOriginIsolated) {
      response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
      response.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    }
    handle(root, realRoot, request, response, options).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, String(error));
      else response.destroy();
    });
  });
  await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      done();
    });
  });
}

async function handle(
  root: string,
  realRoot: string,
  request: IncomingMessage,
  response: ServerResponse,
  { onRequest, redirects }: StaticServerOptions,
): Promise<void> {
  const method = request.method ?? "GET";
  // the request target as a path on this server: "//host/x" is a path, never a host
  const target = request.url ?? "/";
  const url = new URL(`http://localhost${target.startsWith("/") ? "" : "/"}${target}`);
  const range = request.headers.range;
  onRequest?.({ method, path: url.pathname, range });
  if (method === "OPTIONS") {
    response.writeHead(204, CORS_HEADERS).end();
    return;
  }
  if (method !== "GET" && method !== "HEAD") {
    send(response, 405, `${method} not allowed`);
    return;
  }
  const location =
    redirects && Object.hasOwn(redirects, url.pathname) ? redirects[url.pathname] : undefined;
  if (location !== undefined) {
    response.writeHead(302, { ...CORS_HEADERS, Location: location }).end();
    return;
  }
  let path: string;
  try {
    path = join(root, decodeURIComponent(url.pathname));
  } catch {
    send(response, 400, "bad path");
    return;
  }
  if (path !== root && !path.startsWith(root + sep)) {
    send(response, 403, "outside the served folder");
    return;
  }
  const folder = await stat(path).catch(() => undefined);
  if (folder?.isDirectory()) {
    if (!(await isInsideReal(realRoot, path))) {
      send(response, 403, "outside the served folder");
      return;
    }
    if (!url.pathname.endsWith("/")) {
      response.writeHead(301, { ...CORS_HEADERS, Location: folderLocation(root, path, url) });
      response.end();
      return;
    }
    path = join(path, "index.html");
  }
  const file = await openServedFile(realRoot, path);
  if (file === "outside") {
    send(response, 403, "outside the served folder");
    return;
  }
  if (file === undefined) {
    send(response, 404, "not found");
    return;
  }
  try {
    await sendFile(file, path, method, request, response);
  } finally {
    await file.handle.close().catch(() => {});
  }
}

/** A redirect to the folder with a trailing "/", built from the resolved path only. */
function folderLocation(root: string, path: string, url: URL): string {
  const segments = relative(root, path)
    .split(sep)
    .filter((s) => s !== "");
  // "/" + encoded non-empty segments: never "//host" nor "scheme:"
  return `/${segments.map((s) => `${encodeURIComponent(s)}/`).join("")}${url.search}`;
}

interface OpenedFile {
  handle: FileHandle;
  size: number;
  mtimeMs: number;
}

/**
 * Opens a regular file whose real path (after symlinks) is inside the served folder, as
 * FileSystemStore allows; checks the file opened is the one checked (same device and
 * inode), so a path swapped between the check and the open is not served. Undefined
 * for a missing file (also one that vanished just now).
 */
async function openServedFile(
  realRoot: string,
  path: string,
): Promise<OpenedFile | "outside" | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    const real = await realpath(path);
    if (!isInside(realRoot, real)) {
      await handle.close();
      return "outside";
    }
    const checked = await stat(real);
    if (!info.isFile() || checked.dev !== info.dev || checked.ino !== info.ino) {
      await handle.close();
      return undefined;
    }
    return { handle, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    await handle?.close().catch(() => {});
    return undefined; // missing, not readable or not a path at all
  }
}

async function isInsideReal(realRoot: string, path: string): Promise<boolean> {
  const real = await realpath(path).catch(() => undefined);
  return real !== undefined && isInside(realRoot, real);
}

function isInside(realRoot: string, real: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
}

async function sendFile(
  file: OpenedFile,
  path: string,
  method: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { size } = file;
  const etag = `"${size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  const headers: Record<string, string | number> = {
    ...CORS_HEADERS,
    "Content-Type": CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
    "Accept-Ranges": "bytes",
    "Cache-Control": "no-cache",
    ETag: etag,
  };
  if (request.headers["if-none-match"] === etag) {
    response.writeHead(304, headers).end();
    return;
  }
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = request.headers.range;
  if (range !== undefined) {
    const parsed = parseRange(range, size);
    if (parsed === "unsatisfiable") {
      response.writeHead(416, { ...headers, "Content-Range": `bytes */${size}` }).end();
      return;
    }
    if (parsed !== undefined) {
      [start, end] = parsed;
      status = 206;
      headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
    }
  }
  headers["Content-Length"] = Math.max(0, end - start + 1);
  response.writeHead(status, headers);
  if (method === "HEAD" || end < start) {
    response.end();
    return;
  }
  // a failing read or a client that goes away ends this response, never the server
  await pipeline(file.handle.createReadStream({ start, end, autoClose: false }), response).catch(
    () => response.destroy(),
  );
}

/**
 * One "bytes=a-b", "bytes=a-" or "bytes=-n" range, clamped to the file. Undefined for
 * headers this server ignores (other units, several ranges): the whole file is sent.
 */
export function parseRange(
  header: string,
  size: number,
): [number, number] | "unsatisfiable" | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first, last] = match;
  if (first === "" && last === "") return undefined;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    // the last bytes of an empty file: nothing to send as a range, so the whole (empty) file
    if (size === 0) return undefined;
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(first);
  if (start >= size) return "unsatisfiable";
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return "unsatisfiable";
  return [start, end];
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...CORS_HEADERS, "Content-Type": "text/plain; charset=utf-8" });
  response.end(`${text}\n`);
}

export const SERVE_USAGE = `usage: zarrkit serve DIR [--port N] [--host H] [--isolated]

Serves DIR over HTTP with byte ranges and CORS (any origin), for browsers reading Zarr.
  --port N     port to listen on (default 8080; 0 picks a free one)
  --host H     address to listen on (default 127.0.0.1)
  --isolated   send COOP/COEP headers: pages are cross-origin isolated, so zarrkit's
               workers write results straight into shared memory`;

interface ServeIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** `zarrkit serve ...`: runs until the process is interrupted. Returns the exit code. */
export async function runServe(argv: readonly string[], io: ServeIo): Promise<number> {
  let dir: string | undefined;
  let port = 8080;
  let host = "127.0.0.1";
  let crossOriginIsolated = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      io.stdout(`${SERVE_USAGE}\n`);
      return 0;
    }
    if (arg === "--isolated") {
      crossOriginIsolated = true;
      continue;
    }
    if (arg === "--port" || arg === "--host") {
      const value = argv[++i];
      if (value === undefined) return usage(io, `option ${arg} needs a value`);
      if (arg === "--host") host = value;
      else {
        port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          return usage(io, `--port must be an integer from 0 to 65535, not "${value}"`);
        }
      }
    } else if (arg.startsWith("-")) {
      return usage(io, `unknown option ${arg} for "serve"`);
    } else if (dir !== undefined) {
      return usage(io, `unexpected argument "${arg}"`);
    } else {
      dir = arg;
    }
  }
  if (dir === undefined) return usage(io, `"serve" needs a DIR`);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    io.stderr(`zarrkit: ${dir} is not a folder\n`);
    return 1;
  }
  let server: StaticServer;
  try {
    server = await startStaticServer({ root: dir, port, host, crossOriginIsolated });
  } catch (error) {
    io.stderr(`zarrkit: cannot listen on ${host}:${port}: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout(`serving ${resolve(dir)} at ${server.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void server.close().then(done);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return 0;
}

function usage(io: ServeIo, message: string): number {
  io.stderr(`zarrkit: ${message}\n`);
  return 2;
}
