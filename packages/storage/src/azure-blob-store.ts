/**
 * Azure Blob Storage: "https://ACCOUNT.blob.core.windows.net/CONTAINER/prefix?SAS".
 * Reads as FetchStore does them (the SAS query goes with every request); listing by
 * List Blobs (prefix, delimiter, markers, a bounded number of pages); writes by Put Blob
 * (BlockBlob), Delete Blob, and conditional writes (If-None-Match: * / If-Match: ETag),
 * which Azure honours natively. The SAS needs r (and l to list, w/c/d to write).
 */
import type { StoreReadOptions, WriteCondition } from "@zarrkit/core";
import { StoreError, ZarrError } from "@zarrkit/core";
import { FetchStore, type FetchStoreOptions } from "./fetch-store.js";
import { normalizeDirPrefix } from "./list-dir.js";
import { type ListingPage, pagedListing } from "./paged-listing.js";
import { validateKey } from "./store-key.js";
import { encodePath, queryString } from "./uri-encoding.js";
import { conditionHeaders, getVersionedOver, type VersionedValue } from "./versioned-value.js";
import { xmlBlocks, xmlText } from "./xml-fields.js";

export interface AzureBlobStoreOptions extends FetchStoreOptions {
  /** A SAS token ("sv=...&sig=..."), if the URL does not carry one. */
  sas?: string;
  /** Blobs per listing page (default 5000, Azure's maximum) and pages before giving up
   * (default 100,000; see paged-listing.ts for the other bounds). */
  listPageSize?: number;
  maxListPages?: number;
  /** Largest single Put Blob (default 256 MiB; Azure allows 5000 MiB). */
  maxPutBytes?: number;
}

const API_VERSION = "2021-08-06";
/** Azure's largest List Blobs page, and its default. */
const AZURE_MAX_RESULTS = 5000;

export class AzureBlobStore extends FetchStore {
  /** The container's URL (no query, no trailing slash). */
  readonly containerUrl: string;
  /** Keys' prefix inside the container ("" or ending in "/"). */
  readonly prefix: string;
  readonly #sas: string;
  readonly #options: AzureBlobStoreOptions;

  constructor(url: string | URL, options: AzureBlobStoreOptions = {}) {
    const parsed = new URL(url);
    if (options.sas) parsed.search = options.sas.replace(/^\?/, "");
    const sas = parsed.search;
    // emulators (Azurite) put the account in the path: http://127.0.0.1:10000/ACCOUNT/...
    const emulator = !parsed.hostname.includes(".blob.");
    const parts = parsed.pathname.split("/").filter((part) => part !== "");
    const fixed = emulator ? 2 : 1;
    if (parts.length < fixed)
      throw new StoreError(`no container in Azure URL ${parsed.origin}${parsed.pathname}`);
    const prefix = parts.slice(fixed).map(decodeURIComponent).join("/");
    super(parsed, {
      ...options,
      headers: { "x-ms-version": API_VERSION, ...headersOf(options.headers) },
    });
    this.containerUrl = `${parsed.origin}/${parts.slice(0, fixed).join("/")}`;
    this.prefix = prefix === "" ? "" : `${prefix}/`;
    this.#sas = sas;
    this.#options = options;
  }

  override resolve(key: string): string {
    validateKey(key);
    return `${this.url}${encodePath(key)}${this.#sas}`;
  }

  async getSize(key: string, options?: StoreReadOptions): Promise<number | undefined> {
    const head = await this.client.head(this.resolve(key), options?.signal);
    if (!head) return undefined;
    if (head.size === undefined) throw new StoreError(`no Content-Length for ${key}`);
    return head.size;
  }

  async *list(prefix = ""): AsyncIterable<string> {
    for await (const page of this.#pages(prefix)) {
      for (const key of page.keys) yield key.slice(this.prefix.length);
    }
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    const keys: string[] = [];
    const prefixes: string[] = [];
    for await (const page of this.#pages(normalizeDirPrefix(prefix), "/")) {
      for (const key of page.keys) keys.push(key.slice(this.prefix.length));
      for (const sub of page.prefixes) prefixes.push(sub.slice(this.prefix.length));
    }
    return { keys: keys.sort(), prefixes: prefixes.sort() };
  }

  #pages(prefix: string, delimiter?: string): AsyncGenerator<ListingPage> {
    const full = this.prefix + prefix;
    const pageSize = this.#options.listPageSize;
    return pagedListing({
      what: this.containerUrl,
      maxPages: this.#options.maxListPages ?? 100_000,
      pageSize: pageSize ?? AZURE_MAX_RESULTS,
      fetchPage: async (marker) => {
        const query = queryString({
          restype: "container",
          comp: "list",
          prefix: full,
          delimiter,
          maxresults: pageSize ? String(pageSize) : undefined,
          marker,
        });
        const url = `${this.containerUrl}${query}${this.#sas.replace(/^\?/, "&")}`;
        const response = await this.client.send(url, { method: "GET", retry: true });
        const xml = new TextDecoder().decode(response.body);
        if (!xml.includes("<EnumerationResults"))
          throw new StoreError(`not a List Blobs answer from ${this.containerUrl}`);
        const names = (tag: string) =>
          xmlBlocks(xml, tag).map((block) => {
            const name = xmlText(block, "Name");
            if (!name?.startsWith(full))
              throw new StoreError(`List Blobs returned "${name}" outside "${full}"`);
            return name;
          });
        const page: ListingPage = { keys: names("Blob"), prefixes: names("BlobPrefix") };
        const next = xmlText(xml, "NextMarker");
        if (next) page.next = next;
        return page;
      },
    });
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    await this.#put(key, value, {});
  }

  /** Compare-and-swap as S3Store.setIf: false on a conflict (nothing written). */
  async setIf(key: string, value: Uint8Array, condition: WriteCondition): Promise<boolean> {
    return (await this.#put(key, value, conditionHeaders(condition))) !== undefined;
  }

  /** The value and its version (ETag), for setIf; undefined when the key is missing. */
  getVersioned(key: string, options?: StoreReadOptions): Promise<VersionedValue | undefined> {
    const maxBytes = this.#options.maxPutBytes ?? 256 * 1024 * 1024;
    return getVersionedOver(this.client, this.resolve(key), maxBytes, options?.signal);
  }

  async delete(key: string): Promise<void> {
    await this.client.send(this.resolve(key), { method: "DELETE", retry: true, accept: [404] });
  }

  async #put(
    key: string,
    value: Uint8Array,
    conditions: Record<string, string>,
  ): Promise<string | undefined> {
    const max = this.#options.maxPutBytes ?? 256 * 1024 * 1024;
    if (value.length > max) {
      throw new ZarrError(
        "unsupported",
        `${key}: ${value.length} bytes is more than one Put Blob (${max})`,
      );
    }
    const conditional = Object.keys(conditions).length > 0;
    const response = await this.client.send(this.resolve(key), {
      method: "PUT",
      body: value,
      headers: { "x-ms-blob-type": "BlockBlob", ...conditions },
      retry: !conditional,
      accept: [409, 412],
    });
    if (response.status === 409 || response.status === 412) return undefined;
    return response.headers.get("ETag") ?? "";
  }
}

function headersOf(option: FetchStoreOptions["headers"]): Record<string, string> {
  if (option === undefined || typeof option === "function") {
    if (typeof option === "function") throw new StoreError("AzureBlobStore takes fixed headers");
    return {};
  }
  return Object.fromEntries(new Headers(option));
}
