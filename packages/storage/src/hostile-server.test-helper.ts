/**
 * A node:http server on 127.0.0.1 whose every answer a test writes by hand, to play a
 * hostile or broken server: redirects anywhere, bodies larger than asked or endless,
 * drips, stalls. It counts the bytes it actually wrote to sockets (what a client let
 * through before closing), so tests can bound what a read consumed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export class HostileServer {
  url = "";
  /** Every request: method, URL path and headers. */
  readonly requests: { method: string; path: string; headers: IncomingMessage["headers"] }[] = [];
  handler: Handler = (_req, res) => void res.writeHead(404).end();
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  #closedBytes = 0;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      this.requests.push({
        method: req.method ?? "GET",
        path: new URL(req.url ?? "/", "http://x").pathname,
        headers: req.headers,
      });
      Promise.resolve(this.handler(req, res)).catch(() => res.destroy());
    });
    this.#server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => {
        this.#closedBytes += socket.bytesWritten;
        this.#sockets.delete(socket);
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  /** Bytes written to every socket so far, open or closed. */
  get bytesWritten(): number {
    let open = 0;
    for (const socket of this.#sockets) open += socket.bytesWritten;
    return this.#closedBytes + open;
  }

  /** A setTimeout that stop() clears. */
  later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }

  reset(handler: Handler): void {
    this.requests.length = 0;
    this.handler = handler;
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}

/**
 * Writes `total` bytes of `fill` (Infinity: forever) as fast as the client reads them,
 * respecting backpressure; stops when the connection closes.
 */
export function stream(res: ServerResponse, total: number, fill = 0x61, piece = 64 * 1024): void {
  const chunk = Buffer.alloc(piece, fill);
  let sent = 0;
  const pump = (): void => {
    while (!res.destroyed && sent < total) {
      const part = total - sent < piece ? chunk.subarray(0, total - sent) : chunk;
      sent += part.length;
      if (sent >= total) {
        res.end(part);
        return;
      }
      if (!res.write(part)) {
        res.once("drain", pump);
        return;
      }
    }
  };
  res.on("close", () => res.removeListener("drain", pump));
  pump();
}
