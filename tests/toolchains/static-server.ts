/**
 * A folder over HTTP on 127.0.0.1 port 0, with CORS (the data server is another origin
 * than the apps), extra in-memory files, and a log of the paths served (so a test can
 * sum what a page downloaded). No Range support: FetchStore copes with a server that
 * ignores Range. An app's files are sent cacheable, as a static host or a CDN sends
 * them (a file that N workers load is then fetched once); the data is not.
 */
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

export interface StaticServer {
  origin: string;
  /** Paths served (200) since the last take(), in order. */
  take(): string[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** In-memory files by path. */
  extra?: Record<string, string>;
  /** Send files with `cache-control: max-age` (an app's), rather than `no-store` (data). */
  cacheable?: boolean;
}

export async function serveFolder(root: string, options: ServeOptions = {}): Promise<StaticServer> {
  const extra = options.extra ?? {};
  let served: string[] = [];
  const cache = options.cacheable ? "public, max-age=3600" : "no-store";
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const headers = { "access-control-allow-origin": "*", "cache-control": cache };
    const type = TYPES[extname(path)] ?? "application/octet-stream";
    if (Object.hasOwn(extra, path)) {
      served.push(path);
      response.writeHead(200, { ...headers, "content-type": type }).end(extra[path]);
      return;
    }
    const file = normalize(join(root, path));
    try {
      if (!file.startsWith(root + sep) || !(await stat(file)).isFile()) throw new Error("no file");
      const body = await readFile(file);
      served.push(path);
      response.writeHead(200, { ...headers, "content-type": type }).end(body);
    } catch {
      response.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    take: () => {
      const out = served;
      served = [];
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
