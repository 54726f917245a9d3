/**
 * Multipart upload of one large object (a whole shard, a zip): create, upload the parts
 * a few at a time, complete. Any failure aborts the upload, so no half-written object
 * appears and no parts are left billed; a failed completion condition (If-None-Match /
 * If-Match) reports the conflict instead of writing.
 */
import { StoreError, throwIfAborted } from "@zarrkit/core";
import type { HeaderValues, HttpClient } from "./http-client.js";
import { sha256Hex } from "./s3-signer.js";
import { queryString } from "./uri-encoding.js";
import { xmlText } from "./xml-fields.js";

export interface MultipartRequest {
  client: HttpClient;
  /** The object's URL (no query). */
  url: string;
  body: Uint8Array;
  /** Bytes per part (S3: at least 5 MiB except the last; at most 10,000 parts). */
  partSize: number;
  /** Parts in flight at once (default 4). */
  concurrency?: number;
  /** Conditions for the completion (If-None-Match: *, If-Match: etag). */
  conditions?: HeaderValues;
  signal?: AbortSignal;
}

/** The new object's ETag, or undefined when a completion condition failed (conflict). */
export async function multipartUpload(request: MultipartRequest): Promise<string | undefined> {
  const { client, url, body, partSize } = request;
  const parts = Math.ceil(body.length / partSize);
  if (!Number.isSafeInteger(partSize) || partSize < 1 || parts > 10_000) {
    throw new StoreError(
      `cannot split ${body.length} bytes into at most 10000 parts of ${partSize}`,
    );
  }
  const signal = request.signal ? { signal: request.signal } : {};
  const created = await client.send(url + queryString({ uploads: "" }), {
    method: "POST",
    ...signal,
  });
  const uploadId = xmlText(new TextDecoder().decode(created.body), "UploadId");
  if (!uploadId) throw new StoreError(`CreateMultipartUpload for ${url} returned no UploadId`);
  try {
    const etags = new Array<string>(parts);
    let next = 0;
    const worker = async () => {
      while (next < parts) {
        const index = next++;
        throwIfAborted(request.signal);
        const part = body.subarray(index * partSize, Math.min(body.length, (index + 1) * partSize));
        const response = await client.send(
          url + queryString({ partNumber: String(index + 1), uploadId }),
          {
            method: "PUT",
            body: part,
            headers: { "x-amz-content-sha256": await sha256Hex(part) },
            retry: true,
            ...signal,
          },
        );
        const etag = response.headers.get("ETag");
        if (!etag) throw new StoreError(`UploadPart ${index + 1} of ${url} returned no ETag`);
        etags[index] = etag;
      }
    };
    await Promise.all(Array.from({ length: Math.min(parts, request.concurrency ?? 4) }, worker));
    const manifest = new TextEncoder().encode(
      `<CompleteMultipartUpload>${etags
        .map(
          (etag, i) =>
            `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(etag)}</ETag></Part>`,
        )
        .join("")}</CompleteMultipartUpload>`,
    );
    const headers = new Headers(request.conditions);
    headers.set("x-amz-content-sha256", await sha256Hex(manifest));
    headers.set("Content-Type", "application/xml");
    const done = await client.send(url + queryString({ uploadId }), {
      method: "POST",
      body: manifest,
      headers,
      accept: [409, 412],
      ...signal,
    });
    if (done.status === 409 || done.status === 412) {
      await abortUpload(client, url, uploadId);
      return undefined;
    }
    // S3 may answer 200 and still fail: the error is then in the body
    const text = new TextDecoder().decode(done.body);
    if (text.includes("<Error>")) {
      throw new StoreError(`CompleteMultipartUpload of ${url} failed: ${xmlText(text, "Code")}`);
    }
    return xmlText(text, "ETag") ?? done.headers.get("ETag") ?? "";
  } catch (error) {
    await abortUpload(client, url, uploadId);
    throw error;
  }
}

async function abortUpload(client: HttpClient, url: string, uploadId: string): Promise<void> {
  // best effort: the original failure is what the caller needs to see
  await client
    .send(url + queryString({ uploadId }), { method: "DELETE", retry: true, accept: [404] })
    .catch(() => {});
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
