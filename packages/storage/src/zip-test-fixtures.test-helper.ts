import { execFileSync } from "node:child_process";
import { deflateSync } from "fflate";
import { crc32 } from "./crc32.js";

/**
 * A minimal Zip64 writer for tests: every size and offset goes through the Zip64 extra
 * field and the Zip64 end records; entries use data descriptors (sizes after the data).
 */
export function writeZip64(files: Record<string, Uint8Array>, deflate: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const push = (bytes: Uint8Array) => {
    parts.push(bytes);
    offset += bytes.length;
  };
  for (const [name, data] of Object.entries(files)) {
    const nameBytes = new TextEncoder().encode(name);
    const stored = deflate ? deflateSync(data) : data;
    const crc = crc32(data);
    const localOffset = offset;
    const local = new DataView(new ArrayBuffer(30 + nameBytes.length + 20));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 45, true);
    local.setUint16(6, 0x8 | 0x800, true); // data descriptor, UTF-8
    local.setUint16(8, deflate ? 8 : 0, true);
    local.setUint32(18, 0xffffffff, true);
    local.setUint32(22, 0xffffffff, true);
    local.setUint16(26, nameBytes.length, true);
    local.setUint16(28, 20, true);
    new Uint8Array(local.buffer).set(nameBytes, 30);
    local.setUint16(30 + nameBytes.length, 1, true); // zip64 extra: sizes still zero
    local.setUint16(32 + nameBytes.length, 16, true);
    push(new Uint8Array(local.buffer));
    push(stored);
    const descriptor = new DataView(new ArrayBuffer(24));
    descriptor.setUint32(0, 0x08074b50, true);
    descriptor.setUint32(4, crc, true);
    descriptor.setBigUint64(8, BigInt(stored.length), true);
    descriptor.setBigUint64(16, BigInt(data.length), true);
    push(new Uint8Array(descriptor.buffer));
    const entry = new DataView(new ArrayBuffer(46 + nameBytes.length + 28));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 45, true);
    entry.setUint16(6, 45, true);
    entry.setUint16(8, 0x8 | 0x800, true);
    entry.setUint16(10, deflate ? 8 : 0, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, 0xffffffff, true);
    entry.setUint32(24, 0xffffffff, true);
    entry.setUint16(28, nameBytes.length, true);
    entry.setUint16(30, 28, true);
    entry.setUint32(42, 0xffffffff, true);
    new Uint8Array(entry.buffer).set(nameBytes, 46);
    const extra = 46 + nameBytes.length;
    entry.setUint16(extra, 1, true);
    entry.setUint16(extra + 2, 24, true);
    entry.setBigUint64(extra + 4, BigInt(data.length), true);
    entry.setBigUint64(extra + 12, BigInt(stored.length), true);
    entry.setBigUint64(extra + 20, BigInt(localOffset), true);
    central.push(new Uint8Array(entry.buffer));
  }
  const cdOffset = offset;
  for (const entry of central) push(entry);
  const cdSize = offset - cdOffset;
  const count = BigInt(central.length);
  const zip64End = new DataView(new ArrayBuffer(56));
  const zip64EndOffset = offset;
  zip64End.setUint32(0, 0x06064b50, true);
  zip64End.setBigUint64(4, 44n, true);
  zip64End.setUint16(12, 45, true);
  zip64End.setUint16(14, 45, true);
  zip64End.setBigUint64(24, count, true);
  zip64End.setBigUint64(32, count, true);
  zip64End.setBigUint64(40, BigInt(cdSize), true);
  zip64End.setBigUint64(48, BigInt(cdOffset), true);
  push(new Uint8Array(zip64End.buffer));
  const locator = new DataView(new ArrayBuffer(20));
  locator.setUint32(0, 0x07064b50, true);
  locator.setBigUint64(8, BigInt(zip64EndOffset), true);
  locator.setUint32(16, 1, true);
  push(new Uint8Array(locator.buffer));
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 0xffff, true);
  end.setUint16(10, 0xffff, true);
  end.setUint32(12, 0xffffffff, true);
  end.setUint32(16, 0xffffffff, true);
  push(new Uint8Array(end.buffer));
  const out = new Uint8Array(offset);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/**
 * A zip written by Python's zipfile to a pipe (so it uses data descriptors), with
 * `force_zip64` entries and the given compression ("stored", "deflated", "bzip2").
 */
export function pythonZip(files: Record<string, string>, compression: string): Uint8Array {
  const script = `
import sys, json, zipfile
files = json.loads(sys.argv[1])
method = {"stored": zipfile.ZIP_STORED, "deflated": zipfile.ZIP_DEFLATED, "bzip2": zipfile.ZIP_BZIP2}[sys.argv[2]]
with zipfile.ZipFile(sys.stdout.buffer, "w", compression=method) as z:
    for name, text in files.items():
        info = zipfile.ZipInfo(name)
        info.compress_type = method
        with z.open(info, "w", force_zip64=True) as f:
            f.write(text.encode())
`;
  return new Uint8Array(
    execFileSync("/usr/bin/python3", ["-c", script, JSON.stringify(files), compression], {
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
}
