import type { WorkerStoreRef } from "@zarrkit/core";
import type { FetchStoreOptions } from "./fetch-store.js";
import type { HeaderValues } from "./http-client.js";

/** What FetchStore.workerRef gives a worker: the URL and the options that clone. */
export interface FetchStoreRef extends WorkerStoreRef {
  readonly kind: "fetch";
  /** The base URL with its query (a SAS token, say). */
  readonly url: string;
  readonly options: FetchStoreOptions;
}

/**
 * The options a worker's FetchStore can be made with, or undefined when one of them
 * lives on this thread only: a headers function (tokens, signing), a fetch function, an
 * onRequest hook, a persistent cache. Fixed headers become name/value pairs.
 */
export function cloneableFetchOptions(options: FetchStoreOptions): FetchStoreOptions | undefined {
  const { headers, ...rest } = options;
  for (const value of Object.values(rest)) {
    // every other option is a number, a boolean or a string
    if (value !== undefined && typeof value === "object") return undefined;
    if (typeof value === "function") return undefined;
  }
  if (headers === undefined) return rest;
  if (typeof headers === "function") return undefined;
  return { ...rest, headers: headerPairs(headers) };
}

function headerPairs(headers: HeaderValues): [string, string][] {
  if (Array.isArray(headers)) return headers.map(([name, value]) => [name, value]);
  if (typeof (headers as Headers).entries === "function" && !isPlainObject(headers)) {
    return [...(headers as Headers).entries()];
  }
  return Object.entries(headers as Record<string, string>);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
