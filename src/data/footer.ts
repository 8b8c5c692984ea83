/**
 * A Parquet file's footer (its FileMetaData), read by our own Thrift compact
 * reader without decoding any data: row count, schema, row groups, each column
 * chunk's codec and sizes, and whether anything is encrypted.
 *
 * Why our own reader rather than parquet-wasm 0.8's metadata API
 * (`ParquetFile.fromFile(blob).metadata()`), which exists: that API is async
 * over a Blob (a second copy of the whole file), cannot read a footer whose
 * columns are encrypted (it stops at "Required field type_ is missing"), and
 * runs inside the very WebAssembly instance the checks below protect — a
 * footer promising gigabytes must be refused before the decoder grows its
 * memory to 3 GiB and traps. It also gives the interop test facts that do not
 * come from the decoder it checks.
 * Source: parquet-format, src/main/thrift/parquet.thrift (FileMetaData,
 * SchemaElement, RowGroup, ColumnChunk, ColumnMetaData).
 */
import { DataError } from './errors';
import { CompactReader, T, ThriftError } from './thrift';

export const PHYSICAL_TYPES = ['BOOLEAN', 'INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE', 'BYTE_ARRAY', 'FIXED_LEN_BYTE_ARRAY'] as const;
export const CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'] as const;
const REPETITIONS = ['required', 'optional', 'repeated'] as const;
const CONVERTED_TYPES = [
  'UTF8', 'MAP', 'MAP_KEY_VALUE', 'LIST', 'ENUM', 'DECIMAL', 'DATE', 'TIME_MILLIS', 'TIME_MICROS', 'TIMESTAMP_MILLIS',
  'TIMESTAMP_MICROS', 'UINT_8', 'UINT_16', 'UINT_32', 'UINT_64', 'INT_8', 'INT_16', 'INT_32', 'INT_64', 'JSON', 'BSON', 'INTERVAL',
] as const;
/** LogicalType is a union: the field id names the member. */
const LOGICAL_TYPES: Readonly<Record<number, string>> = {
  1: 'STRING', 2: 'MAP', 3: 'LIST', 4: 'ENUM', 5: 'DECIMAL', 6: 'DATE', 7: 'TIME', 8: 'TIMESTAMP', 10: 'INTEGER',
  11: 'NULL', 12: 'JSON', 13: 'BSON', 14: 'UUID', 15: 'FLOAT16', 16: 'VARIANT', 17: 'GEOMETRY', 18: 'GEOGRAPHY',
};

export type PhysicalType = (typeof PHYSICAL_TYPES)[number];
export type Codec = (typeof CODECS)[number];

/** One node of the schema: a leaf column (with a physical type) or a group (with children). */
export interface ParquetField {
  readonly name: string;
  readonly repetition: 'required' | 'optional' | 'repeated';
  /** Leaves only. */
  readonly physicalType?: PhysicalType | `type ${number}`;
  /** FIXED_LEN_BYTE_ARRAY: bytes per value. */
  readonly typeLength?: number;
  readonly convertedType?: string;
  readonly logicalType?: string;
  readonly children: readonly ParquetField[];
}

export interface ParquetColumnChunk {
  /** The leaf's path from the root, e.g. ['a', 'list', 'element']. */
  readonly path: readonly string[];
  readonly physicalType?: string;
  readonly codec?: Codec | `codec ${number}`;
  readonly numValues: number;
  /** Bytes as stored (after compression) and after decompression. */
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
  /** The chunk's metadata is encrypted (Parquet Modular Encryption). */
  readonly encrypted: boolean;
}

export interface ParquetRowGroup {
  readonly numRows: number;
  /** Uncompressed size of all its column data, bytes. */
  readonly totalByteSize: number;
  readonly columns: readonly ParquetColumnChunk[];
}

export interface ParquetFooter {
  readonly version: number;
  /** Rows, as the footer states them. */
  readonly numRows: number;
  /** Rows summed over the row groups: some old writers state 0 above (the corpus's repeated_no_annotation.parquet). */
  readonly rowGroupRows: number;
  readonly createdBy?: string;
  /** Top-level fields (the root's children), as nested as the file's schema. */
  readonly fields: readonly ParquetField[];
  readonly rowGroups: readonly ParquetRowGroup[];
  /** Encrypted with a plaintext footer: the footer reads, the columns do not. */
  readonly encrypted: boolean;
  /** Size of the FileMetaData, bytes. */
  readonly footerBytes: number;
}

const nameOf = <N extends string>(names: readonly N[], i: number, what: string): N | `${string} ${number}` => names[i] ?? `${what} ${i}`;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type FlatElement = Mutable<Omit<ParquetField, 'children'>> & { numChildren: number };

function readSchemaElement(r: CompactReader): FlatElement {
  const e: FlatElement = { name: '', repetition: 'required', numChildren: 0 };
  let named = false;
  r.struct((id, type) => {
    if (id === 1 && type === T.I32) e.physicalType = nameOf(PHYSICAL_TYPES, r.int(), 'type') as NonNullable<ParquetField['physicalType']>;
    else if (id === 2 && type === T.I32) e.typeLength = r.int();
    else if (id === 3 && type === T.I32) e.repetition = REPETITIONS[r.int()] ?? 'required';
    else if (id === 4 && type === T.BINARY) {
      e.name = r.string();
      named = true;
    } else if (id === 5 && type === T.I32) e.numChildren = r.int();
    else if (id === 6 && type === T.I32) e.convertedType = nameOf(CONVERTED_TYPES, r.int(), 'converted type');
    else if (id === 10 && type === T.STRUCT) {
      // A union: exactly one field set; its id names the logical type.
      r.struct((member, memberType) => {
        e.logicalType = LOGICAL_TYPES[member] ?? `logical type ${member}`;
        r.skip(memberType);
        return true;
      });
    } else return false;
    return true;
  });
  if (!named) throw new ThriftError('a schema element has no name');
  if (e.numChildren < 0) throw new ThriftError(`schema element ${e.name} claims ${e.numChildren} children`);
  return e;
}

/** The flat, depth-first schema list as a tree; the first element is the root. */
function schemaTree(flat: readonly FlatElement[]): ParquetField[] {
  let next = 1;
  const build = (count: number, depth: number): ParquetField[] => {
    if (depth > 64) throw new ThriftError('the schema nests more than 64 deep');
    const out: ParquetField[] = [];
    for (let i = 0; i < count; i++) {
      const e = flat[next++];
      if (!e) throw new ThriftError(`the schema promises more elements than its ${flat.length}`);
      const { numChildren, ...field } = e;
      out.push({ ...field, children: numChildren > 0 ? build(numChildren, depth + 1) : [] });
    }
    return out;
  };
  const root = flat[0];
  if (!root) throw new ThriftError('the schema is empty');
  const fields = build(root.numChildren, 0);
  if (next !== flat.length) throw new ThriftError(`the schema lists ${flat.length} elements but its tree holds ${next}`);
  return fields;
}

function readColumnChunk(r: CompactReader): ParquetColumnChunk {
  let chunk: Omit<ParquetColumnChunk, 'encrypted'> = { path: [], numValues: 0, compressedBytes: 0, uncompressedBytes: 0 };
  let encrypted = false;
  r.struct((id, type) => {
    if (id === 3 && type === T.STRUCT) {
      const m: { -readonly [K in keyof typeof chunk]: (typeof chunk)[K] } = { ...chunk };
      r.struct((mid, mtype) => {
        if (mid === 1 && mtype === T.I32) m.physicalType = nameOf(PHYSICAL_TYPES, r.int(), 'type');
        else if (mid === 3 && mtype === T.LIST) m.path = r.stringList();
        else if (mid === 4 && mtype === T.I32) m.codec = nameOf(CODECS, r.int(), 'codec') as Codec;
        else if (mid === 5 && mtype === T.I64) m.numValues = r.int();
        else if (mid === 6 && mtype === T.I64) m.uncompressedBytes = r.int();
        else if (mid === 7 && mtype === T.I64) m.compressedBytes = r.int();
        else return false;
        return true;
      });
      chunk = m;
      return true;
    }
    // crypto_metadata and encrypted_column_metadata: the column is encrypted.
    if (id === 8 || id === 9) encrypted = true;
    return false;
  });
  return { ...chunk, encrypted };
}

function readRowGroup(r: CompactReader): ParquetRowGroup {
  let columns: ParquetColumnChunk[] = [];
  let numRows = 0;
  let totalByteSize = 0;
  r.struct((id, type) => {
    if (id === 1 && type === T.LIST) columns = r.structList(() => readColumnChunk(r));
    else if (id === 2 && type === T.I64) totalByteSize = r.int();
    else if (id === 3 && type === T.I64) numRows = r.int();
    else return false;
    return true;
  });
  return { numRows, totalByteSize, columns };
}

/**
 * Reads the footer of a Parquet file.
 * @param bytes the whole file, `PAR1` … FileMetaData, int32 length, `PAR1`
 * @param file the name used in errors
 * @throws DataError: truncated (no closing magic), encrypted (`PARE`), corrupt (a footer that does not parse, or whose
 *   schema and row groups contradict each other)
 */
export function readParquetFooter(bytes: Uint8Array, file: string): ParquetFooter {
  const magic = new TextDecoder().decode(bytes.subarray(Math.max(0, bytes.length - 4)));
  if (magic === 'PARE') throw new DataError(file, 'encrypted', 'encrypted Parquet is not supported (the footer is encrypted)');
  if (bytes.length < 12 || magic !== 'PAR1') throw new DataError(file, 'truncated', 'the Parquet footer is missing (the file does not end with PAR1)');
  const footerBytes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 8, true);
  const start = bytes.length - 8 - footerBytes;
  if (start < 4) throw new DataError(file, 'corrupt', `the footer length says ${footerBytes} bytes, more than the file holds`);
  const r = new CompactReader(bytes, start, bytes.length - 8);
  let version = 0;
  let numRows = -1;
  let createdBy: string | undefined;
  let flat: FlatElement[] = [];
  let rowGroups: ParquetRowGroup[] = [];
  let encrypted = false;
  try {
    r.struct((id, type) => {
      if (id === 1 && type === T.I32) version = r.int();
      else if (id === 2 && type === T.LIST) flat = r.structList(() => readSchemaElement(r));
      else if (id === 3 && type === T.I64) numRows = r.int();
      else if (id === 4 && type === T.LIST) rowGroups = r.structList(() => readRowGroup(r));
      else if (id === 6 && type === T.BINARY) createdBy = r.string();
      else {
        // encryption_algorithm: a plaintext footer over encrypted columns.
        if (id === 8) encrypted = true;
        return false;
      }
      return true;
    });
    if (numRows < 0) throw new ThriftError('the footer has no row count');
    const fields = schemaTree(flat);
    const rowGroupRows = rowGroups.reduce((s, g) => s + g.numRows, 0);
    return { version, numRows, rowGroupRows, ...(createdBy === undefined ? {} : { createdBy }), fields, rowGroups, encrypted: encrypted || rowGroups.some((g) => g.columns.some((c) => c.encrypted)), footerBytes };
  } catch (e) {
    if (e instanceof ThriftError) throw new DataError(file, 'corrupt', `its Parquet footer does not read: ${e.message}`);
    throw e;
  }
}

/** The leaf columns of a schema, depth-first, with their paths: one per column chunk in each row group. */
export function leafPaths(fields: readonly ParquetField[], prefix: readonly string[] = []): string[][] {
  return fields.flatMap((f) => (f.children.length === 0 ? [[...prefix, f.name]] : leafPaths(f.children, [...prefix, f.name])));
}
