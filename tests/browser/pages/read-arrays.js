/**
 * Runs in the page: reads arrays with the zarrkit bundle at `bundleUrl` and returns
 * JSON-able results for the spec to compare in Node. Typed arrays become plain arrays
 * (NaN as "NaN", 64-bit integers as decimal strings, byte strings as latin-1 text).
 *
 * @param {string} bundleUrl
 * @param {{ name: string, url: string, path?: string }[]} targets
 */
export async function readArrays(bundleUrl, targets) {
  const zk = await import(bundleUrl);
  /** @type {Record<string, unknown>} */
  const results = {};
  for (const { name, url, path } of targets) {
    try {
      const array = await zk.open(url, { kind: "array", path });
      const { data, shape } = await array.get();
      results[name] = { dtype: array.dtype, shape: [...shape], data: plain(data) };
    } catch (error) {
      results[name] = { error: `${error?.name}: ${error?.message}` };
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
