/**
 * A local npm registry for the toolchain tests: Verdaccio (from npm, pinned in the root
 * package.json) in this process, on 127.0.0.1 port 0, storage in a temp folder.
 * `zarrkit` and `@zarrkit/*` exist only here (published by the test, never proxied);
 * third-party dependencies (fflate) come through its uplink to the npm registry.
 */
import { writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { runServer } from "verdaccio";

export interface LocalRegistry {
  url: string;
  /** An .npmrc that points npm at the registry, with a token that may publish. */
  npmrc: string;
  close(): Promise<void>;
}

export async function startRegistry(dir: string): Promise<LocalRegistry> {
  const config = join(dir, "verdaccio.yaml");
  await writeFile(
    config,
    [
      `storage: ${JSON.stringify(join(dir, "storage"))}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(join(dir, "htpasswd"))}`,
      "uplinks:",
      "  npmjs:",
      "    url: https://registry.npmjs.org/",
      "    timeout: 60s",
      "packages:",
      "  'zarrkit':",
      "    access: $all",
      "    publish: $authenticated",
      "  '@zarrkit/*':",
      "    access: $all",
      "    publish: $authenticated",
      "  '**':",
      "    access: $all",
      "    proxy: npmjs",
      "log: { type: stdout, format: pretty, level: error }",
      "",
    ].join("\n"),
  );
  const server = (await runServer(config)) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  try {
    const token = await addUser(url);
    const host = url.replace(/^http:/, "");
    const npmrc = join(dir, "npmrc");
    await writeFile(npmrc, `registry=${url}\n${host}:_authToken=${token}\n`);
    return { url, npmrc, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Registers a user (what `npm adduser` does) and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = "zarrkit-test";
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: "zarrkit-test-password", type: "user", roles: [] }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || typeof body.token !== "string") {
    throw new Error(
      `the local registry refused a user: ${response.status} ${JSON.stringify(body)}`,
    );
  }
  return body.token;
}
