/**
 * Starts Debian's nginx as a child process serving folders over loopback HTTP, for
 * tests of real range requests. Everything nginx writes (pid, logs, temp files) goes to
 * a fresh temp folder; the access log records each request's Range header and status.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../support/free-port.js";

export const NGINX_BINARY = "/usr/sbin/nginx";

/** Why nginx tests cannot run here, or undefined when they can. */
export function nginxUnavailableReason(): string | undefined {
  return existsSync(NGINX_BINARY)
    ? undefined
    : `${NGINX_BINARY} is absent (apt-get install nginx-light to run the nginx tests)`;
}

export interface NginxOptions {
  /** Folder served at "/" (default: an empty temp folder). */
  root?: string;
  /** Further folders by URL prefix, e.g. { "/gen/": "/tmp/data" } (prefixes end in "/"). */
  mounts?: Record<string, string>;
  /** Give each log entry its `start` time (default false). */
  logTimes?: boolean;
  /** How long to wait for nginx to answer (default 10 s). */
  startTimeoutMs?: number;
}

/** One line of the access log. */
export interface NginxLogEntry {
  method: string;
  /** The request target as sent (still percent-encoded). */
  uri: string;
  status: number;
  /** The Range request header, or undefined when none was sent. */
  range: string | undefined;
  /** Body bytes sent. */
  bytes: number;
  /**
   * When nginx read the request (epoch milliseconds: its log time less the request
   * time); with `logTimes` only.
   */
  start?: number;
}

export interface NginxServer {
  /** Base URL, "http://127.0.0.1:<port>" (no trailing slash). */
  readonly url: string;
  /** Parsed access-log entries, once the log has stopped growing. */
  accessLog(): Promise<NginxLogEntry[]>;
  /** Empties the access log. */
  clearLog(): Promise<void>;
  stop(): Promise<void>;
}

interface RawLogEntry {
  method: string;
  uri: string;
  status: number;
  range: string;
  bytes: number;
  msec: number;
  rt: number;
}

/** nginx strings are double-quoted; paths here never hold quotes, but reject them to be sure. */
function quoted(path: string): string {
  if (/["\\\n$]/.test(path)) throw new Error(`unsupported character in nginx path ${path}`);
  return `"${path}"`;
}

function configFor(prefix: string, port: number, root: string, mounts: Record<string, string>) {
  const locations = Object.entries(mounts).map(([url, dir]) => {
    if (!url.startsWith("/") || !url.endsWith("/")) {
      throw new Error(`nginx mount prefix must start and end with "/", got ${url}`);
    }
    return `    location ${url} { alias ${quoted(`${resolve(dir)}/`)}; }`;
  });
  const p = (name: string) => quoted(join(prefix, name));
  return `daemon off;
master_process off;
worker_processes 1;
pid ${p("nginx.pid")};
error_log ${p("error.log")} warn;
events { worker_connections 256; }
http {
  client_body_temp_path ${p("client_body")};
  proxy_temp_path ${p("proxy")};
  fastcgi_temp_path ${p("fastcgi")};
  uwsgi_temp_path ${p("uwsgi")};
  scgi_temp_path ${p("scgi")};
  log_format zarrkit escape=json '{"method":"$request_method","uri":"$request_uri",'
    '"status":$status,"range":"$http_range","bytes":$body_bytes_sent,'
    '"msec":$msec,"rt":$request_time}';
  access_log ${p("access.log")} zarrkit;
  default_type application/octet-stream;
  # pages served for browser tests (the viewer) need their scripts' types
  types { text/html html; text/javascript js mjs; text/css css; application/wasm wasm; }
  keepalive_timeout 5s;
  server {
    listen 127.0.0.1:${port};
    root ${quoted(resolve(root))};
    add_header Access-Control-Allow-Origin "*" always;
    add_header Access-Control-Expose-Headers "Content-Length, Content-Range, Accept-Ranges" always;
    add_header Access-Control-Allow-Headers "Range" always;
    add_header Access-Control-Allow-Methods "GET, HEAD, OPTIONS" always;
    if ($request_method = OPTIONS) { return 204; }
${locations.join("\n")}
  }
}
`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits for the child to exit, up to `ms`; true when it did. */
function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((r) => {
    const timer = setTimeout(() => r(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      r(true);
    });
  });
}

/** Starts nginx; rejects with nginx's error log when it does not come up in time. */
export async function startNginx(options: NginxOptions = {}): Promise<NginxServer> {
  const prefix = await mkdtemp(join(tmpdir(), "zarrkit-nginx-"));
  const root = options.root ?? prefix;
  const conf = join(prefix, "nginx.conf");
  const accessLogPath = join(prefix, "access.log");
  const errorLogPath = join(prefix, "error.log");
  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  let lastError = "";
  // another process may take the free port before nginx binds it: try a few ports
  for (let tries = 0; tries < 3 && Date.now() < deadline; tries++) {
    const port = await freePort();
    await writeFile(conf, configFor(prefix, port, root, options.mounts ?? {}));
    await writeFile(accessLogPath, "");
    const child = spawn(NGINX_BINARY, ["-p", prefix, "-c", conf, "-e", errorLogPath], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", (error) => {
      stderr += String(error);
    });
    const kill = () => child.kill("SIGKILL");
    process.once("exit", kill);
    const url = `http://127.0.0.1:${port}`;
    const up = await waitUntilAnswering(url, child, deadline);
    if (up) {
      await truncate(accessLogPath, 0);
      return {
        url,
        accessLog: () => readLog(accessLogPath, options.logTimes === true),
        clearLog: () => truncate(accessLogPath, 0),
        async stop() {
          process.off("exit", kill);
          child.kill("SIGTERM");
          if (!(await exited(child, 3000))) {
            child.kill("SIGKILL");
            await exited(child, 3000);
          }
          await rm(prefix, { recursive: true, force: true });
        },
      };
    }
    process.off("exit", kill);
    child.kill("SIGKILL");
    await exited(child, 3000);
    const log = await readFile(errorLogPath, "utf8").catch(() => "");
    lastError = `${stderr}\n${log}`.trim();
  }
  await rm(prefix, { recursive: true, force: true });
  throw new Error(`nginx did not start: ${lastError || "no answer before the deadline"}`);
}

async function waitUntilAnswering(
  url: string,
  child: ChildProcess,
  deadline: number,
): Promise<boolean> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const response = await fetch(`${url}/`, {
        method: "HEAD",
        signal: AbortSignal.timeout(1000),
      });
      await response.body?.cancel();
      return true;
    } catch {
      await sleep(50);
    }
  }
  return false;
}

/**
 * nginx logs a request after its last byte is sent, which a client may see first: read
 * until the log has not grown for a short while (at most ~1 s).
 */
async function readLog(path: string, times: boolean): Promise<NginxLogEntry[]> {
  let text = await readFile(path, "utf8");
  for (let i = 0; i < 40; i++) {
    await sleep(25);
    const again = await readFile(path, "utf8");
    if (again === text && (text === "" || text.endsWith("\n"))) break;
    text = again;
  }
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const raw = JSON.parse(line) as RawLogEntry;
      return {
        method: raw.method,
        uri: raw.uri,
        status: raw.status,
        range: raw.range === "" ? undefined : raw.range,
        bytes: raw.bytes,
        ...(times ? { start: Math.round((raw.msec - raw.rt) * 1000) } : {}),
      };
    });
}
