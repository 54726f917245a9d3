/**
 * Records of a structured array (one Uint8Array per element, as `get` returns them and
 * `set` takes them) to and from one array per field.
 */
import {
  allocate,
  type ChunkData,
  componentsOf,
  type DataType,
  type StructuredField,
} from "./data-type.js";
import type { FillValue } from "./fill-value-type.js";
import { type RecordElement, readElement, writeElement } from "./record-element.js";

/** One field of a structured result: values of every element, field shape last. */
export interface StructuredFieldData {
  /**
   * The field's in-memory array (as `get` gives for its type), in C order; a field that
   * is itself a record holds one Uint8Array per element (view it with structuredFields).
   */
  readonly data: ChunkData;
  /** [...the selection's shape, ...the field's subarray shape]. */
  readonly shape: number[];
  readonly field: StructuredField;
}

/** A field's value for packStructured: a value, or a list (subarray, complex [re, im]). */
export type StructuredFieldInput = ArrayLike<unknown>;

function fieldsOf(dataType: DataType, what: string): readonly StructuredField[] {
  if (dataType.name !== "structured" || !dataType.fields) {
    throw new TypeError(`${what} needs a structured data type, got ${dataType.name}`);
  }
  return dataType.fields;
}

function perElement(field: StructuredField): number {
  return field.shape.reduce((a, b) => a * b, 1);
}

/**
 * The records of a structured result as one array per field: `result.data` of a
 * structured array (one Uint8Array record per element) and its `dataType`.
 */
export function structuredFields(
  records: readonly Uint8Array[],
  dataType: DataType,
  shape: readonly number[] = [records.length],
): Record<string, StructuredFieldData> {
  const fields = fieldsOf(dataType, "structuredFields");
  const out: Record<string, StructuredFieldData> = {};
  for (const field of fields) {
    const per = perElement(field);
    const values = allocate(field.dataType.name, records.length * per, field.dataType.itemSize);
    for (let i = 0; i < records.length; i++) {
      const rec = records[i];
      if (!(rec instanceof Uint8Array) || rec.length !== dataType.itemSize) {
        throw new RangeError(`record ${i} is not a Uint8Array of ${dataType.itemSize} bytes`);
      }
      const view = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
      for (let k = 0; k < per; k++) {
        const at = field.offset + k * field.dataType.itemSize;
        setSlot(values, i * per + k, readElement(view, at, field.dataType));
      }
    }
    out[field.name] = { data: values, shape: [...shape, ...field.shape], field };
  }
  return out;
}

/**
 * Records for `count` elements from one array per field (as `structuredFields` gives
 * them, or plain arrays of numbers, bigints, booleans, strings; complex fields as
 * interleaved [re, im]; record fields as Uint8Array records); a missing field is zeros.
 */
export function packStructured(
  values: Readonly<Record<string, StructuredFieldInput>>,
  dataType: DataType,
  count: number,
): Uint8Array[] {
  const fields = fieldsOf(dataType, "packStructured");
  const records = new Array<Uint8Array>(count);
  for (let i = 0; i < count; i++) records[i] = new Uint8Array(dataType.itemSize);
  for (const field of fields) {
    const source = values[field.name];
    if (source === undefined) continue;
    const per = perElement(field);
    const comps = componentsOf(field.dataType.name);
    if (source.length !== count * per * comps) {
      throw new RangeError(
        `field "${field.name}" needs ${count * per * comps} values, got ${source.length}`,
      );
    }
    for (let i = 0; i < count; i++) {
      const view = new DataView(records[i].buffer);
      for (let k = 0; k < per; k++) {
        const j = i * per + k;
        const v =
          comps === 2
            ? ([source[2 * j], source[2 * j + 1]] as [number, number])
            : (source[j] as FillValue);
        writeElement(view, field.offset + k * field.dataType.itemSize, field.dataType, v);
      }
    }
  }
  return records;
}

function setSlot(values: ChunkData, i: number, v: RecordElement): void {
  if (Array.isArray(values)) {
    (values as unknown[])[i] = v;
  } else if (typeof v === "object" && !(v instanceof Uint8Array)) {
    values[2 * i] = v[0];
    values[2 * i + 1] = v[1];
  } else {
    (values as Float64Array)[i] = v as number;
  }
}
