/**
 * Runs in the page: reads arrays with the zarrkit bundle at `bundleUrl` and returns
 * JSON-able results for the spec to compare in Node. Typed arrays become plain arrays
 * (NaN as "NaN", 64-bit integers as decimal strings, byte strings as latin-1 text).
 *
 * A failed read is `{ error }`, with the `status` of an HttpError.
 *
 * @param {string} bundleUrl
 * @param {{ name: string, url: string, path?: string }[]} targets
 * @param {object} [s3] S3Store options: the URLs are then s3:// URLs read through S3Store
 */
export async function readArrays(bundleUrl, targets, s3) {
  const zk = await import(bundleUrl);
  /** @type {Record<string, unknown>} */
  const results = {};
  for (const { name, url, path } of targets) {
    try {
      const store = s3 ? new zk.S3Store(url, s3) : url;
      const array = await zk.open(store, { kind: "array", path });
      const { data, shape } = await array.get();
      results[name] = { dtype: array.dtype, shape: [...shape], data: plain(data) };
    } catch (error) {
      const status = error instanceof zk.HttpError ? { status: error.status } : {};
      results[name] = { error: `${error?.name}: ${error?.message}`, ...status };
    }
  }
  return results;
}

/** @param {ArrayLike<number | bigint> | (string | Uint8Array)[]} data */
function plain(data) {
  if (Array.isArray(data)) {
    return data.map((v) => (typeof v === "string" ? v : String.fromCharCode(...v)));
  }
  return Array.from(data, (v) => {
    if (typeof v === "bigint") return v.toString();
    return Number.isNaN(v) ? "NaN" : v;
  });
}
