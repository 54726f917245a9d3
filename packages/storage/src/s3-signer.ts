/**
 * AWS Signature V4 for S3 requests, by aws4fetch (WebCrypto: browsers and Node).
 * Every header a request carries is signed, as botocore does, except those a browser or
 * fetch may set or change (User-Agent, Content-Length...): the Range header of a read is
 * added after signing and stays unsigned, which S3 accepts.
 *
 * aws4fetch loads on the first signature (a dynamic import): public buckets, and pages
 * that only export S3Store, never download it.
 */
import type { HeaderValues } from "./http-client.js";
import type { S3Credentials } from "./s3-credentials.js";

export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

export interface SignRequest {
  method: string;
  url: string;
  headers?: HeaderValues;
  /** Hex SHA-256 of the body, or UNSIGNED-PAYLOAD (default). */
  payloadHash?: string;
  credentials: S3Credentials;
  region: string;
  /** "s3" (default). */
  service?: string;
  /** Fixed signing time (tests), as YYYYMMDD'T'HHMMSS'Z'. */
  datetime?: string;
}

const NEVER_SIGNED = new Set(["user-agent", "content-length", "expect", "x-amzn-trace-id"]);

/** The request's headers plus Authorization, X-Amz-Date, X-Amz-Content-Sha256 (and token). */
export async function signRequest(request: SignRequest): Promise<Headers> {
  const headers = new Headers(request.headers);
  for (const name of NEVER_SIGNED) headers.delete(name);
  headers.set("x-amz-content-sha256", request.payloadHash ?? UNSIGNED_PAYLOAD);
  const { AwsV4Signer } = await import("aws4fetch");
  const signer = new AwsV4Signer({
    method: request.method,
    url: request.url,
    headers,
    ...credentialFields(request.credentials),
    service: request.service ?? "s3",
    region: request.region,
    allHeaders: true,
    ...(request.datetime ? { datetime: request.datetime } : {}),
  });
  return (await signer.sign()).headers;
}

export interface PresignRequest extends Omit<SignRequest, "payloadHash" | "headers"> {
  /** Seconds the URL stays valid (1 to 604800; default 3600). */
  expiresIn?: number;
}

/** A presigned URL: anyone holding it may make this one request until it expires. */
export async function presignUrl(request: PresignRequest): Promise<string> {
  const expiresIn = request.expiresIn ?? 3600;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800) {
    throw new RangeError(`expiresIn must be 1 to 604800 seconds, got ${expiresIn}`);
  }
  const url = new URL(request.url);
  url.searchParams.set("X-Amz-Expires", String(expiresIn));
  const { AwsV4Signer } = await import("aws4fetch");
  const signer = new AwsV4Signer({
    method: request.method,
    url: url.href,
    ...credentialFields(request.credentials),
    service: request.service ?? "s3",
    region: request.region,
    signQuery: true,
    ...(request.datetime ? { datetime: request.datetime } : {}),
  });
  return (await signer.sign()).url.href;
}

function credentialFields(credentials: S3Credentials) {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
  };
}

/** Hex SHA-256 of bytes, by WebCrypto. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
