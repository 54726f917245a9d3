/**
 * JSON as Python's json module writes and reads it: string escapes of ensure_ascii,
 * configurable separators, and the NaN / Infinity / -Infinity tokens JSON.parse rejects.
 */

/** A JSON string literal exactly as Python's json.dumps writes it. */
export function pythonJsonString(s: string, ensureAscii: boolean): string {
  let out = '"';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const plain = c >= 0x20 && c !== 0x22 && c !== 0x5c && (!ensureAscii || c < 0x7f);
    if (plain) continue;
    out += s.slice(run, i);
    run = i + 1;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else out += `\\u${c.toString(16).padStart(4, "0")}`;
  }
  return `${out + s.slice(run)}"`;
}

// Python writes these bare; they become marker strings for JSON.parse and are put back
const NON_FINITE: Record<string, string> = {
  NaN: "\uE000NaN",
  Infinity: "\uE000Infinity",
  "-Infinity": "\uE000-Infinity",
};
const MARKER = /^\uE000(NaN|Infinity|-Infinity)$/;

/** JSON.parse that also accepts Python's NaN, Infinity and -Infinity (as marker strings). */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const patched = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (m) =>
      m in NON_FINITE ? `"${NON_FINITE[m]}"` : m,
    );
    if (patched === text) throw e;
    return JSON.parse(patched);
  }
}

/** A parsed value as JSON text, with non-finite markers back as bare tokens. */
export function toPythonJsonText(value: unknown): string {
  if (typeof value === "string") {
    const m = MARKER.exec(value);
    if (m) return m[1];
  }
  return JSON.stringify(value).replace(/"\uE000(NaN|Infinity|-Infinity)"/g, "$1");
}

/** Whether a parsed value is a non-finite marker, and its token. */
export function nonFiniteToken(value: unknown): string | undefined {
  return typeof value === "string" ? MARKER.exec(value)?.[1] : undefined;
}
