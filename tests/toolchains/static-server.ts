/**
 * A folder over HTTP on 127.0.0.1 port 0, with CORS (the data server is another origin
 * than the apps), extra in-memory files, and a log of the paths served (so a test can
 * sum what a page downloaded). No Range support: FetchStore copes with a server that
 * ignores Range.
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

export async function serveFolder(
  root: string,
  extra: Record<string, string> = {},
): Promise<StaticServer> {
  let served: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const headers = { "access-control-allow-origin": "*", "cache-control": "no-store" };
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
