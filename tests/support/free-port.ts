/**
 * A loopback TCP port nothing listens on right now, for servers that cannot listen on
 * port 0 themselves (nginx, redis-server): the kernel hands one out and it is released,
 * so a caller may lose it to another process and should retry on failure.
 */
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
