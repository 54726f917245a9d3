/**
 * AWS credentials: fixed, from a function that may refresh them (STS, Cognito...), or
 * from the standard environment variables in Node and the CLI; none means anonymous.
 */
import { StoreError } from "@zarrkit/core";

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials' session token (sent as X-Amz-Security-Token). */
  sessionToken?: string;
}

/**
 * Called before every request: return cached credentials and refresh them when they
 * near expiry (undefined: anonymous).
 */
export type S3CredentialsProvider = () => Promise<S3Credentials | undefined>;

export type S3CredentialsOption = S3Credentials | S3CredentialsProvider;

/** Region, endpoint and credentials from AWS_* variables (process.env in Node). */
export interface S3EnvironmentOptions {
  region?: string;
  endpoint?: string;
  credentials?: S3Credentials;
}

type Env = Record<string, string | undefined>;

export function s3OptionsFromEnv(env: Env | undefined = nodeEnv()): S3EnvironmentOptions {
  const out: S3EnvironmentOptions = {};
  if (!env) return out;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (region) out.region = region;
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (endpoint) out.endpoint = endpoint;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey) {
    out.credentials = { accessKeyId, secretAccessKey };
    if (env.AWS_SESSION_TOKEN) out.credentials.sessionToken = env.AWS_SESSION_TOKEN;
  } else if (accessKeyId || secretAccessKey) {
    throw new StoreError(
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or neither, for anonymous access)",
    );
  }
  return out;
}

/** The credentials for one request, checked (a provider is untrusted code). */
export async function resolveCredentials(
  option: S3CredentialsOption | undefined,
): Promise<S3Credentials | undefined> {
  const credentials = typeof option === "function" ? await option() : option;
  if (credentials === undefined) return undefined;
  const valid =
    typeof credentials === "object" &&
    credentials !== null &&
    typeof credentials.accessKeyId === "string" &&
    credentials.accessKeyId !== "" &&
    typeof credentials.secretAccessKey === "string" &&
    (credentials.sessionToken === undefined || typeof credentials.sessionToken === "string");
  if (!valid) {
    throw new StoreError("S3 credentials need a non-empty accessKeyId and a secretAccessKey");
  }
  return credentials;
}

function nodeEnv(): Env | undefined {
  return (globalThis as { process?: { env?: Env } }).process?.env;
}
