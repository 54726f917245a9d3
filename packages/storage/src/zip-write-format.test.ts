import { execFileSync } from "node:child_process";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoreError } from "@zarrkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileRangeSource } from "./file-range-source.js";
import { CENTRAL_HEADER_SIZE, LOCAL_HEADER_SIZE, readCentralDirectory } from "./zip-format.js";
import {
  DOS_EPOCH,
  dosDateTime,
  encodeCentralHeader,
  encodeEndRecords,
  encodeLocalHeader,
  localHeaderSize,
  type ZipWriteEntry,
} from "./zip-write-format.js";

const GiB = 2 ** 30;

function entry(name: string, fields: Partial<ZipWriteEntry> = {}): ZipWriteEntry {
  return {
    nameBytes: new TextEncoder().encode(name),
    method: 0,
    crc32: 0x12345678,
    compressedSize: 10,
    uncompressedSize: 10,
    localHeaderOffset: 0,
    ...DOS_EPOCH,
    ...fields,
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zarrkit-zip-format-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("zip write format", () => {
  it("uses Zip64 fields only for the values that need them", () => {
    expect(encodeCentralHeader(entry("a"), false).length).toBe(CENTRAL_HEADER_SIZE + 1);
    const offsetOnly = encodeCentralHeader(entry("a", { localHeaderOffset: 5 * GiB }), false);
    expect(offsetOnly.length).toBe(CENTRAL_HEADER_SIZE + 1 + 4 + 8);
    const all = encodeCentralHeader(entry("a"), true);
    expect(all.length).toBe(CENTRAL_HEADER_SIZE + 1 + 4 + 24);
    expect(encodeLocalHeader(entry("ab"), false).length).toBe(LOCAL_HEADER_SIZE + 2);
    const big = entry("ab", { compressedSize: 4 * GiB, uncompressedSize: 4 * GiB });
    expect(encodeLocalHeader(big, false).length).toBe(LOCAL_HEADER_SIZE + 2 + 20);
    expect(localHeaderSize(big, false)).toBe(LOCAL_HEADER_SIZE + 2 + 20);
    expect(encodeEndRecords(3, 100, 50, false).length).toBe(22);
    expect(encodeEndRecords(0xffff, 100, 50, false).length).toBe(22 + 56 + 20);
  });

  it("writes sizes and offsets past 4 GiB that Python's zipfile and readCentralDirectory read", async () => {
    // a sparse file: nothing but a central directory and end records, 6 GiB in
    const entries = [
      entry("small", { localHeaderOffset: 1000 }),
      entry("huge", {
        method: 8,
        compressedSize: 4.5 * GiB,
        uncompressedSize: 5 * GiB,
        localHeaderOffset: 2000,
      }),
      entry("far", { compressedSize: 7, uncompressedSize: 7, localHeaderOffset: 5.5 * GiB }),
    ];
    const cdOffset = 6 * GiB;
    const headers = entries.map((e) => encodeCentralHeader(e, false));
    const cdSize = headers.reduce((sum, h) => sum + h.length, 0);
    const end = encodeEndRecords(entries.length, cdOffset, cdSize, false);
    expect(end.length).toBe(22 + 56 + 20); // the offset needs Zip64
    const path = join(dir, "sparse.zip");
    const handle = await open(path, "w");
    let position = cdOffset;
    for (const part of [...headers, end]) {
      await handle.write(part, 0, part.length, position);
      position += part.length;
    }
    await handle.close();

    const read = await readCentralDirectory(new FileRangeSource(path), path);
    expect(
      read.map((e) => [e.name, e.compressedSize, e.uncompressedSize, e.localHeaderOffset]),
    ).toEqual([
      ["small", 10, 10, 1000],
      ["huge", 4.5 * GiB, 5 * GiB, 2000],
      ["far", 7, 7, 5.5 * GiB],
    ]);
    const python = execFileSync("/usr/bin/python3", [
      "-c",
      `
import sys, json, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    print(json.dumps([[i.filename, i.compress_size, i.file_size, i.header_offset, i.CRC, i.compress_type]
                      for i in z.infolist()]))
`,
      path,
    ]);
    expect(JSON.parse(python.toString())).toEqual([
      ["small", 10, 10, 1000, 0x12345678, 0],
      ["huge", 4.5 * GiB, 5 * GiB, 2000, 0x12345678, 8],
      ["far", 7, 7, 5.5 * GiB, 0x12345678, 0],
    ]);
  });

  it("encodes DOS timestamps from UTC fields and refuses dates DOS cannot hold", () => {
    expect(DOS_EPOCH).toEqual(dosDateTime(new Date("1980-01-01T00:00:00Z")));
    const { time, date } = dosDateTime(new Date("2107-12-31T23:59:59Z"));
    expect([date >> 9, (date >> 5) & 15, date & 31]).toEqual([127, 12, 31]);
    expect([time >> 11, (time >> 5) & 63, (time & 31) * 2]).toEqual([23, 59, 58]);
    expect(() => dosDateTime(new Date("1979-12-31T23:59:59Z"))).toThrow(StoreError);
    expect(() => dosDateTime(new Date("2108-01-01T00:00:00Z"))).toThrow(/1980..2107/);
    expect(() => dosDateTime(new Date(Number.NaN))).toThrow(/invalid Date/);
  });
});
