/** Bytes of a base64 string (the embedded .wasm modules); atob exists in browsers, workers and Node 16+. */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
