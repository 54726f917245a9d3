/**
 * A loopback static file server (node:http) that injects faults on chosen requests:
 * connection resets, error statuses with Retry-After, truncated bodies, slow or stalled
 * responses and ignored Range headers. Serves GET/HEAD with single byte ranges.
 */
import { createReadStream } from "node:fs";
import { open as openFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { resolve, sep } from "node:path";

export type Fault =
  /** Close the connection before sending anything. */
  | { kind: "reset" }
  /** Answer with this status (and Retry-After, when given) and no body. */
  | { kind: "status"; status: number; retryAfter?: string }
  /** Declare the full length, send `fraction` of the body, then close the connection. */
  | { kind: "truncate"; fraction?: number }
  /** A 206 whose Content-Range claims the asked range but whose body is half of it. */
  | { kind: "short-range" }
  /** Wait before answering normally. */
  | { kind: "slow"; delayMs: number }
  /** Never answer (until the client gives up or the server closes). */
  | { kind: "stall" }
  /** Answer 200 with the whole file, whatever Range asked. */
  | { kind: "ignore-range" };

export interface FaultRequest {
  method: string;
  /** Decoded URL path, e.g. "/zarrs/v3/array_gzip.zarr/zarr.json". */
  path: string;
  range: string | undefined;
  /** How many times this same method + path + range came before (0 on the first try). */
  attempt: number;
}

/** Chooses a fault for a request, or undefined to serve it normally. */
export type FaultPlan = (request: FaultRequest) => Fault | undefined;

export interface FaultLogEntry extends FaultRequest {
  /** The fault injected, or "none". */
  fault: Fault["kind"] | "none";
  status?: number;
}

export interface FaultServer {
  /** Base URL, "http://127.0.0.1:<port>" (no trailing slash). */
  readonly url: string;
  /** Every request since the last reset, in arrival order. */
  readonly log: readonly FaultLogEntry[];
  /** Sets the plan and clears the log and the attempt counts. */
  reset(plan?: FaultPlan): void;
  /**
   * Resolves once no request is open and none arrived for `quietMs`; false when that
   * did not happen within `maxMs` (a client still retrying in the background).
   */
  settle(quietMs: number, maxMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The first `times` attempts of every distinct request get `fault`; later ones succeed. */
export function failFirst(
  times: number,
  fault: Fault,
  when?: (r: FaultRequest) => boolean,
): FaultPlan {
  return (r) => (r.attempt < times && (when?.(r) ?? true) ? fault : undefined);
}

/** Every request (that `when` selects) gets `fault`. */
export function always(fault: Fault, when?: (r: FaultRequest) => boolean): FaultPlan {
  return (r) => ((when?.(r) ?? true) ? fault : undefined);
}

type ParsedRange = { start: number; end: number } | "unsatisfiable" | undefined;

/** A single "bytes=" range against a file size; undefined means serve the whole file. */
function parseRange(header: string | undefined, size: number): ParsedRange {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

async function readPart(file: string, start: number, length: number): Promise<Buffer> {
  const handle = await openFile(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Starts a fault server on 127.0.0.1 serving files below `root`. */
export async function startFaultServer(root: string): Promise<FaultServer> {
  const base = resolve(root);
  let plan: FaultPlan = () => undefined;
  let log: FaultLogEntry[] = [];
  let attempts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let openRequests = 0;
  let lastArrival = 0;

  const wait = (ms: number) =>
    new Promise<void>((r) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        r();
      }, ms);
      timers.add(timer);
    });

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    entry: FaultLogEntry,
    fault: Fault | undefined,
  ): Promise<void> {
    const send = (status: number, headers: Record<string, string | number> = {}) => {
      entry.status = status;
      res.writeHead(status, headers);
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(405, { Allow: "GET, HEAD" });
      res.end();
      return;
    }
    const file = resolve(base, `.${entry.path}`);
    if (file !== base && !file.startsWith(base + sep)) {
      send(403);
      res.end();
      return;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      send(404, { "Content-Length": 0 });
      res.end();
      return;
    }
    const size = info.size;
    const range = fault?.kind === "ignore-range" ? undefined : parseRange(entry.range, size);
    if (range === "unsatisfiable") {
      send(416, { "Content-Range": `bytes */${size}`, "Content-Length": 0 });
      res.end();
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    const length = end - start + 1;
    const headers: Record<string, string | number> = {
      "Accept-Ranges": "bytes",
      "Content-Type": "application/octet-stream",
    };
    if (range) headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
    const status = range ? 206 : 200;
    if (req.method === "HEAD") {
      send(status, { ...headers, "Content-Length": length });
      res.end();
      return;
    }
    if (fault?.kind === "short-range" && range && length > 1) {
      const half = Math.floor(length / 2);
      send(206, { ...headers, "Content-Length": half });
      createReadStream(file, { start, end: start + half - 1 }).pipe(res);
      return;
    }
    if (fault?.kind === "truncate" && length > 1) {
      const part = Math.max(1, Math.min(length - 1, Math.floor(length * (fault.fraction ?? 0.5))));
      const head = await readPart(file, start, part);
      send(status, { ...headers, "Content-Length": length });
      // let the headers and the first part reach the client, then cut the connection
      res.write(head, () => setTimeout(() => res.destroy(), 5));
      return;
    }
    send(status, { ...headers, "Content-Length": length });
    if (length === 0) {
      res.end();
      return;
    }
    createReadStream(file, { start, end }).pipe(res);
  }

  const server = createServer((req, res) => {
    openRequests++;
    lastArrival = performance.now();
    res.once("close", () => {
      openRequests--;
    });
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const range = req.headers.range;
    const method = req.method ?? "GET";
    const id = `${method} ${path} ${range ?? ""}`;
    const attempt = attempts.get(id) ?? 0;
    attempts.set(id, attempt + 1);
    const request: FaultRequest = { method, path, range, attempt };
    const fault = plan(request);
    const entry: FaultLogEntry = { ...request, fault: fault?.kind ?? "none" };
    log.push(entry);
    const run = async () => {
      switch (fault?.kind) {
        case "reset":
          req.socket.destroy();
          return;
        case "stall":
          return; // the socket closes when the client aborts or the server closes
        case "status": {
          const headers: Record<string, string> = { "Content-Length": "0" };
          if (fault.retryAfter !== undefined) headers["Retry-After"] = fault.retryAfter;
          entry.status = fault.status;
          res.writeHead(fault.status, headers).end();
          return;
        }
        case "slow":
          await wait(fault.delayMs);
          if (res.destroyed) return;
          break;
      }
      await serve(req, res, entry, fault);
    };
    run().catch(() => res.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // keep-alive sockets must not keep a test (or close()) waiting
  server.keepAliveTimeout = 2000;
  await new Promise<void>((r, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => r());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    get log() {
      return log;
    },
    reset(next = () => undefined) {
      plan = next;
      log = [];
      attempts = new Map();
    },
    async settle(quietMs, maxMs) {
      const deadline = performance.now() + maxMs;
      while (performance.now() < deadline) {
        if (openRequests === 0 && performance.now() - lastArrival >= quietMs) return true;
        await new Promise((r) => setTimeout(r, 10));
      }
      return false;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
