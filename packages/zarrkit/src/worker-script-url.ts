/**
 * A URL a page can start a module Web Worker from, for a worker script anywhere.
 * Browsers refuse `new Worker(url)` when url is on another origin than the page (a
 * CDN), so for those a same-origin blob: module is made that imports the script; the
 * import is an ordinary CORS fetch, and the script's own relative imports (codec
 * chunks, WebAssembly) resolve against its real URL.
 */
export function workerScriptUrl(script: URL | string): string {
  const url = new URL(script, globalThis.location?.href);
  const origin = globalThis.location?.origin;
  if (origin === undefined || url.origin === origin || url.protocol === "blob:") return url.href;
  const source = `import ${JSON.stringify(url.href)};\n`;
  return URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
}
