import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the test server does to one request instead of (or before) answering it. */
export type Fault =
  | { status: number; retryAfter?: string }
  | { reset: true }
  | { truncate: number }
  | { delayMs: number }
  | { ignoreRange: true };

export interface LoggedRequest {
  method: string;
  path: string;
  range?: string;
  headers: IncomingMessage["headers"];
}

/**
 * A node:http server on 127.0.0.1 for store tests: serves files with Range support and
 * injects faults (statuses, resets, truncated bodies, delays, ignored ranges).
 */
export class TestHttpServer {
  readonly files = new Map<string, Uint8Array>();
  /** Validators sent with a file, honoured in If-None-Match / If-Modified-Since (304). */
  readonly etags = new Map<string, string>();
  readonly lastModified = new Map<string, string>();
  readonly log: LoggedRequest[] = [];
  /** Called per request; returns the faults to apply (a queue is easiest: faults.shift()). */
  fault: (request: LoggedRequest) => Fault | undefined = () => undefined;
  inFlight = 0;
  maxInFlight = 0;
  #server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  /** Answers the next requests with these faults, in order, then normally. */
  queueFaults(...faults: Fault[]): void {
    this.fault = () => faults.shift();
  }

  reset(): void {
    this.log.length = 0;
    this.fault = () => undefined;
    this.maxInFlight = 0;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const entry: LoggedRequest = { method: req.method ?? "GET", path, headers: req.headers };
    if (req.headers.range) entry.range = req.headers.range;
    this.log.push(entry);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on("close", () => this.inFlight--);
    let fault = this.fault(entry);
    if (fault && "delayMs" in fault) {
      await new Promise((resolve) =>
        setTimeout(resolve, fault && "delayMs" in fault ? fault.delayMs : 0),
      );
      if (res.destroyed) return;
      fault = undefined;
    }
    if (fault && "reset" in fault) {
      req.socket.destroy();
      return;
    }
    if (fault && "status" in fault) {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers["Retry-After"] = fault.retryAfter;
      res.writeHead(fault.status, headers).end("fault");
      return;
    }
    const body = this.files.get(path);
    if (!body) {
      res.writeHead(404).end("not found");
      return;
    }
    const rangeHeader = fault && "ignoreRange" in fault ? undefined : req.headers.range;
    let status = 200;
    let start = 0;
    let end = body.length; // exclusive
    const headers: Record<string, string> = { "Accept-Ranges": "bytes" };
    const etag = this.etags.get(path);
    const modified = this.lastModified.get(path);
    if (etag !== undefined) headers.ETag = etag;
    if (modified !== undefined) headers["Last-Modified"] = modified;
    const unchanged =
      req.headers["if-none-match"] !== undefined
        ? req.headers["if-none-match"] === etag
        : req.headers["if-modified-since"] !== undefined &&
          req.headers["if-modified-since"] === modified;
    if (unchanged) {
      res.writeHead(304, headers).end();
      return;
    }
    if (rangeHeader) {
      const match = /^bytes=(\d*)-(\d*)$/.exec(rangeHeader);
      if (!match) {
        res.writeHead(400).end();
        return;
      }
      if (match[1] === "") {
        start = Math.max(0, body.length - Number(match[2]));
      } else {
        start = Number(match[1]);
        end = match[2] === "" ? body.length : Math.min(body.length, Number(match[2]) + 1);
      }
      if (start >= body.length || (match[1] === "" && Number(match[2]) === 0)) {
        res.writeHead(416, { "Content-Range": `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
      headers["Content-Range"] = `bytes ${start}-${end - 1}/${body.length}`;
    }
    const part = body.subarray(start, end);
    headers["Content-Length"] = String(part.length);
    res.writeHead(status, headers);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    if (fault && "truncate" in fault) {
      res.write(part.subarray(0, fault.truncate));
      // flush what we wrote, then cut the connection mid-body
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    res.end(part);
  }
}
