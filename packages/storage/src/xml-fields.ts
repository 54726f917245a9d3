/**
 * Reading the few fields zarrkit needs from object-store XML answers (S3 ListObjectsV2,
 * multipart uploads, Azure's List Blobs) without an XML library: they are flat, known
 * documents. Text is entity-decoded; sizes and counts are bounded by the caller.
 */
import { StoreError } from "@zarrkit/core";

/** Every `<tag>...</tag>` block's inner text, in order. */
export function xmlBlocks(xml: string, tag: string): string[] {
  const out: string[] = [];
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  let at = 0;
  for (;;) {
    const start = xml.indexOf(open, at);
    if (start === -1) return out;
    const end = xml.indexOf(close, start + open.length);
    if (end === -1) throw new StoreError(`malformed XML: <${tag}> is not closed`);
    out.push(xml.slice(start + open.length, end));
    at = end + close.length;
  }
}

/** The decoded text of the first `<tag>` (no nested elements), or undefined. */
export function xmlText(xml: string, tag: string): string | undefined {
  const block = xmlBlocks(xml, tag)[0];
  if (block === undefined) return undefined;
  if (block.includes("<")) throw new StoreError(`malformed XML: <${tag}> holds elements`);
  return decodeEntities(block);
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name] ?? whole;
  });
}
