/**
 * Local fakes of GCS's XML API and Azure Blob Storage, enough of each protocol for
 * GcsStore and AzureBlobStore: ranged GET, HEAD, PUT (Azure: with If-None-Match / If-Match),
 * DELETE, and listing with prefix, delimiter and page tokens. They check credentials
 * (GCS: the bearer token; Azure: the SAS query on every request) but do not implement
 * the services' signature schemes: they are fakes, not emulators.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeObjectServer {
  /** "http://127.0.0.1:PORT" */
  readonly url: string;
  readonly objects: Map<string, Uint8Array>;
  /** Requests seen, as "METHOD path?query". */
  readonly log: string[];
  stop(): Promise<void>;
}

export type FakeProtocol =
  | { kind: "gcs"; token: string }
  | { kind: "azure"; account: string; sas: string };

export async function startFakeObjectServer(protocol: FakeProtocol): Promise<FakeObjectServer> {
  const objects = new Map<string, Uint8Array>();
  const log: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      log.push(`${req.method} ${req.url}`);
      handle(protocol, objects, req, res, new Uint8Array(Buffer.concat(chunks)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    log,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function handle(
  protocol: FakeProtocol,
  objects: Map<string, Uint8Array>,
  req: IncomingMessage,
  res: ServerResponse,
  body: Uint8Array,
): ServerResponse | undefined {
  const url = new URL(req.url ?? "/", "http://x");
  const send = (status: number, text = "", headers: Record<string, string> = {}) =>
    res.writeHead(status, headers).end(text);
  const error = (status: number, code: string) =>
    send(
      status,
      `<?xml version="1.0"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
    );
  if (protocol.kind === "gcs") {
    if (req.headers.authorization !== `Bearer ${protocol.token}`)
      return error(401, "AuthenticationRequired");
  } else {
    const expected = new URLSearchParams(protocol.sas);
    for (const [name, value] of expected) {
      if (url.searchParams.get(name) !== value) return error(403, "AuthenticationFailed");
    }
  }
  // path: GCS /bucket/key, Azure /account/container/key
  const parts = url.pathname.split("/").slice(1).map(decodeURIComponent);
  const skip = protocol.kind === "gcs" ? 1 : 2;
  const container = parts.slice(0, skip).join("/");
  const key = parts.slice(skip).join("/");
  const isList =
    protocol.kind === "gcs"
      ? url.searchParams.get("list-type") === "2"
      : url.searchParams.get("comp") === "list";
  if (req.method === "GET" && isList)
    return send(200, listing(protocol, objects, container, url.searchParams));
  const id = `${container}/${key}`;
  const current = objects.get(id);
  const etag = current && `"${createHash("md5").update(current).digest("hex")}"`;
  switch (req.method) {
    case "GET":
    case "HEAD": {
      if (!current) return error(404, "NoSuchKey");
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
      let start = 0;
      let end = current.length - 1;
      if (range) {
        if (range[1] === "") start = Math.max(0, current.length - Number(range[2]));
        else {
          start = Number(range[1]);
          if (range[2] !== "") end = Math.min(end, Number(range[2]));
        }
        if (start >= current.length)
          return send(416, "", { "Content-Range": `bytes */${current.length}` });
      }
      const part = current.subarray(start, end + 1);
      const headers: Record<string, string> = {
        "Content-Length": String(part.length),
        ETag: etag as string,
      };
      if (range) headers["Content-Range"] = `bytes ${start}-${end}/${current.length}`;
      res.writeHead(range ? 206 : 200, headers);
      return void res.end(req.method === "HEAD" ? undefined : Buffer.from(part));
    }
    case "PUT": {
      if (protocol.kind === "azure" && req.headers["x-ms-blob-type"] !== "BlockBlob") {
        return error(400, "MissingRequiredHeader");
      }
      const ifNoneMatch = req.headers["if-none-match"];
      const ifMatch = req.headers["if-match"];
      if ((ifNoneMatch === "*" && current) || (ifMatch !== undefined && ifMatch !== etag)) {
        return error(
          protocol.kind === "azure" && ifNoneMatch === "*" ? 409 : 412,
          "ConditionNotMet",
        );
      }
      objects.set(id, body);
      return send(201, "", { ETag: `"${createHash("md5").update(body).digest("hex")}"` });
    }
    case "DELETE":
      if (!current) return error(404, "NoSuchKey");
      objects.delete(id);
      return send(protocol.kind === "azure" ? 202 : 204);
    default:
      return error(405, "MethodNotAllowed");
  }
}

function listing(
  protocol: FakeProtocol,
  objects: Map<string, Uint8Array>,
  container: string,
  query: URLSearchParams,
): string {
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const gcs = protocol.kind === "gcs";
  const max = Number(query.get(gcs ? "max-keys" : "maxresults") ?? 1000);
  const after = query.get(gcs ? "continuation-token" : "marker") ?? "";
  const entries = new Set<string>();
  for (const id of [...objects.keys()].sort()) {
    if (!id.startsWith(`${container}/`)) continue;
    const key = id.slice(container.length + 1);
    if (!key.startsWith(prefix)) continue;
    const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    entries.add(at === -1 ? key : key.slice(0, at + 1));
  }
  const sorted = [...entries].filter((entry) => entry > after);
  const page = sorted.slice(0, max);
  const next = sorted.length > max ? page[page.length - 1] : undefined;
  const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  if (gcs) {
    const items = page
      .map((e) =>
        e.endsWith("/") && delimiter
          ? `<CommonPrefixes><Prefix>${esc(e)}</Prefix></CommonPrefixes>`
          : `<Contents><Key>${esc(e)}</Key></Contents>`,
      )
      .join("");
    const more = next
      ? `<IsTruncated>true</IsTruncated><NextContinuationToken>${esc(next)}</NextContinuationToken>`
      : "<IsTruncated>false</IsTruncated>";
    return `<?xml version="1.0"?><ListBucketResult>${more}${items}</ListBucketResult>`;
  }
  const items = page
    .map((e) =>
      e.endsWith("/") && delimiter
        ? `<BlobPrefix><Name>${esc(e)}</Name></BlobPrefix>`
        : `<Blob><Name>${esc(e)}</Name></Blob>`,
    )
    .join("");
  return `<?xml version="1.0"?><EnumerationResults><Blobs>${items}</Blobs><NextMarker>${next ? esc(next) : ""}</NextMarker></EnumerationResults>`;
}
