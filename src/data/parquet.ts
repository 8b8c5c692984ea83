/**
 * Parquet bytes to an Arrow table through parquet-wasm (arrow-rs compiled to
 * WebAssembly). The decoded record batches are read out of the WebAssembly
 * memory through the Arrow C Data Interface (arrow-js-ffi): one copy per
 * buffer, no IPC encoding inside the wasm and no IPC decoding here. Types that
 * arrow-js-ffi 0.4 does not read reliably (Decimal) and arrays with a non-zero
 * offset (which it would misread) fall back to an IPC round trip, with a note.
 *
 * Before anything reaches the decoder, the footer (footer.ts) is checked:
 * encrypted columns, physical types or codecs Parquet does not define, and a
 * file whose data would not fit in wasm32 memory are refused by name. A trap
 * inside the wasm is reported with `trap` set, so a Worker can be replaced.
 */
import { DataType, Field as ArrowField, tableFromIPC, type Data, type Field, type Table } from 'apache-arrow';
import { parseSchema, parseTable } from 'arrow-js-ffi';
import { formatBytes } from '../gpu/format';
import { DataError } from './errors';
import { CODECS, PHYSICAL_TYPES, readParquetFooter, type ParquetField, type ParquetFooter } from './footer';
import { describeType } from './types';

/** The parts of parquet-wasm used here: Node's `parquet-wasm`, or the page's `parquet-wasm/esm` once initialised. */
export interface ParquetWasm {
  /** The whole file at once (0.8 ignores a `columns` option here). */
  readParquet(bytes: Uint8Array, options?: { batchSize?: number } | null): ParquetWasmTable;
  /** The async reader, which reads only the column chunks asked for. */
  readonly ParquetFile: { fromFile(blob: BlobLike): Promise<ParquetWasmFile> };
  wasmMemory(): WebAssembly.Memory;
}

/** The parts of parquet-wasm that write files (Node's `parquet-wasm`, or the page's initialised `parquet-wasm/esm`). */
export interface ParquetWriterWasm {
  readonly Table: { fromIPCStream(ipc: Uint8Array): unknown };
  writeParquet(table: unknown, properties?: unknown): Uint8Array;
  readonly WriterPropertiesBuilder: new () => WriterPropertiesBuilderLike;
  readonly Compression: { readonly UNCOMPRESSED: number; readonly SNAPPY: number; readonly ZSTD: number };
}

export interface WriterPropertiesBuilderLike {
  setCompression(codec: number): WriterPropertiesBuilderLike;
  setMaxRowGroupSize(rows: number): WriterPropertiesBuilderLike;
  build(): unknown;
}

/**
 * What parquet-wasm's async reader needs of a Blob: its size and byte ranges (`slice(start, end).arrayBuffer()`).
 * A File or Blob is one; bytesAsBlob makes one of bytes already in memory.
 */
export interface BlobLike {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * Bytes in memory as a BlobLike: each range read copies only that range. `new Blob([bytes])` would copy the
 * whole file first (in Chromium, across to the browser process, and each read back again), which is most of the
 * cost of reading one column of a wide file.
 */
export function bytesAsBlob(bytes: Uint8Array): BlobLike {
  const size = bytes.length;
  const at = (i: number | undefined, fallback: number): number => {
    const v = i === undefined ? fallback : Math.trunc(i);
    return v < 0 ? Math.max(0, size + v) : Math.min(v, size);
  };
  return {
    size,
    slice: (start, end) => {
      const from = at(start, 0);
      const to = Math.max(from, at(end, size));
      return { arrayBuffer: () => Promise.resolve(bytes.slice(from, to).buffer) };
    },
  };
}

/** parquet-wasm's async reader over a Blob: it reads the footer, then only the byte ranges of what it is asked for. */
export interface ParquetWasmFile {
  read(options?: { batchSize?: number; columns?: string[]; rowGroups?: number[] } | null): Promise<ParquetWasmTable>;
  free(): void;
}

export interface ParquetWasmTable {
  toFFI(): { arrayAddrs(): Uint32Array; schemaAddr(): number; free(): void };
  intoIPCStream(): Uint8Array;
  free(): void;
}

/**
 * The most WebAssembly memory a decode may count on, bytes. wasm32 addresses
 * 4 GiB at most, and browsers on small machines grant less; the corpus's
 * large_string_map.brotli.parquet grows the memory to 3 GiB and traps.
 */
export const WASM_DECODE_BUDGET_BYTES = 3 * 2 ** 30;

/**
 * Memory a decode needs, estimated from the footer: the file copied in, plus
 * twice the uncompressed column data (the decoded arrays, and the builders'
 * growth or an IPC copy on the way out).
 */
export function decodeBytesNeeded(footer: ParquetFooter, fileBytes: number, columns?: readonly string[]): number {
  const wanted = (path: readonly string[]): boolean => !columns || columns.includes(path[0] ?? '');
  const uncompressed = footer.rowGroups.reduce((sum, g) => {
    const chunks = g.columns.reduce((s, c) => s + (wanted(c.path) ? c.uncompressedBytes : 0), 0);
    return sum + (columns ? chunks : Math.max(chunks, g.totalByteSize));
  }, 0);
  return fileBytes + 2 * uncompressed;
}

export interface ParquetRead {
  readonly table: Table;
  readonly footer: ParquetFooter;
  /** 'ffi': read out of wasm memory through the C Data Interface; 'ipc': through an Arrow IPC stream. */
  readonly path: 'ffi' | 'ipc';
  readonly notes: readonly string[];
}

function leaves(fields: readonly ParquetField[], prefix = ''): { path: string; field: ParquetField }[] {
  return fields.flatMap((f) => (f.children.length === 0 ? [{ path: `${prefix}${f.name}`, field: f }] : leaves(f.children, `${prefix}${f.name}.`)));
}

/** Refuses, by name, what the decoder must not be given (see readParquetTable's errors); `bytes` is the file's size. */
export function checkFooter(footer: ParquetFooter, file: string, bytes: number, columns: readonly string[] | undefined): void {
  if (footer.encrypted) throw new DataError(file, 'encrypted', 'encrypted Parquet is not supported (its columns are encrypted; only the footer is plain)');
  const odd = leaves(footer.fields).find((l) => l.field.physicalType !== undefined && !(PHYSICAL_TYPES as readonly string[]).includes(l.field.physicalType));
  if (odd) throw new DataError(file, 'corrupt', `column "${odd.path}" has ${odd.field.physicalType}, a physical type Parquet does not define`);
  for (const g of footer.rowGroups) {
    for (const c of g.columns) {
      if (c.codec === 'LZO') throw new DataError(file, 'unsupported', `column "${c.path.join('.')}" is compressed with LZO, which parquet-wasm cannot read`);
      if (c.codec !== undefined && !(CODECS as readonly string[]).includes(c.codec)) throw new DataError(file, 'corrupt', `column "${c.path.join('.')}" names ${c.codec}, a compression codec Parquet does not define`);
    }
  }
  if (columns) {
    const names = footer.fields.map((f) => f.name);
    const missing = columns.find((c) => !names.includes(c));
    if (missing !== undefined) throw new DataError(file, 'no-column', `there is no column "${missing}" (the columns are ${names.slice(0, 12).map((n) => `"${n}"`).join(', ')}${names.length > 12 ? ', …' : ''})`);
  }
  const needed = decodeBytesNeeded(footer, bytes, columns);
  if (needed > WASM_DECODE_BUDGET_BYTES) {
    throw new DataError(file, 'too-large', `decoding it needs about ${formatBytes(needed)} of WebAssembly memory (the file, and twice its uncompressed data), more than the ${formatBytes(WASM_DECODE_BUDGET_BYTES)} a wasm32 decoder can count on; read fewer columns, or split the file`);
  }
}

/** parquet-rs's message without its repeated "Parquet argument error: Parquet error:" prefixes. */
function decoderWords(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^(?:(?:Error|Parquet argument error|Parquet error|External error):\s*)+/i, '').replace(/\.$/, '').trim() || 'no reason given';
}

/** A decoder failure as a DataError: a trap, encryption, an unsupported feature, or the decoder's own words. */
export function decodeError(e: unknown, file: string): DataError {
  if (e instanceof DataError) return e;
  if (e instanceof WebAssembly.RuntimeError || (e instanceof Error && e.name === 'RuntimeError')) {
    return new DataError(file, 'undecodable', `the WebAssembly Parquet decoder stopped (${e.message}), most likely out of memory`, true);
  }
  const words = decoderWords(e);
  if (/encrypt/i.test(words)) return new DataError(file, 'encrypted', `encrypted Parquet is not supported (parquet-wasm: ${words})`);
  if (/not (?:yet )?(?:supported|implemented)|unsupported|NYI/i.test(words)) return new DataError(file, 'unsupported', `parquet-wasm cannot read it: ${words}`);
  return new DataError(file, 'undecodable', `parquet-wasm could not decode it: ${words}`);
}

/** A type arrow-js-ffi 0.4 cannot be trusted with, anywhere in the schema (its README: Decimal fails its own tests; no Interval). */
function ffiUnsafeType(fields: readonly Field[]): string | undefined {
  for (const f of fields) {
    const words = describeType(f.type);
    if (/^(Decimal|Interval)/.test(words)) return `${words} (column "${f.name}")`;
    const inner = ffiUnsafeType(f.type.children ?? []);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * arrow-js-ffi 0.4 builds a Dictionary type with its value *Field* where apache-arrow expects the value *type*
 * (`new Dictionary(valuesField, indices)`), so `String(type)` reads "Dictionary<Int32, : Float32>" and
 * `DataType.isFloat(type.dictionary)` fails. The batches share the schema's type objects: repaired in place.
 */
function repairDictionaryTypes(fields: readonly Field[]): void {
  for (const f of fields) {
    const type: DataType = f.type;
    if (DataType.isDictionary(type)) {
      const inner: unknown = type.dictionary;
      if (inner instanceof ArrowField) Object.assign(type, { dictionary: inner.type });
      repairDictionaryTypes(type.dictionary.children ?? []);
    } else {
      repairDictionaryTypes(type.children ?? []);
    }
  }
}

/** arrow-js-ffi ignores an array's offset when copying: only offset-0 arrays (all arrow-rs decodes give) are read through it. */
function offsetsAreZero(data: Data): boolean {
  return data.offset === 0 && data.children.every(offsetsAreZero) && (!data.dictionary || data.dictionary.data.every(offsetsAreZero));
}

/** Decodes in the wasm: the whole file at once, or (for some columns) only their chunks through the async reader. */
async function decode(bytes: Uint8Array, pq: ParquetWasm, batchSize: number, columns: readonly string[] | undefined): Promise<ParquetWasmTable> {
  if (!columns) return pq.readParquet(bytes, { batchSize });
  const reader = await pq.ParquetFile.fromFile(bytesAsBlob(bytes));
  try {
    return await reader.read({ batchSize, columns: [...columns] });
  } finally {
    reader.free();
  }
}

/**
 * Reads a Parquet file into an Arrow table: in one record batch unless `batchRows` asks for smaller ones
 * (when `columns` are given, parquet-wasm's column reader also ends a batch at each row group).
 * @param bytes the whole file
 * @param pq parquet-wasm (see ParquetWasm)
 * @param options columns: top-level columns to read (all by default), in the file's order; batchRows: rows per record batch
 * @throws DataError naming `file`: truncated, corrupt, encrypted, unsupported, too-large, no-column, undecodable
 *   (with `trap` when the wasm trapped)
 */
export async function readParquetTable(bytes: Uint8Array, file: string, pq: ParquetWasm, options: { readonly columns?: readonly string[]; readonly batchRows?: number } = {}): Promise<ParquetRead> {
  const footer = readParquetFooter(bytes, file);
  checkFooter(footer, file, bytes.length, options.columns);
  const notes: string[] = [];
  if (footer.numRows !== footer.rowGroupRows) notes.push(`the footer states ${footer.numRows} rows but its row groups hold ${footer.rowGroupRows}`);
  const batchSize = Math.max(1, Math.min(options.batchRows ?? footer.rowGroupRows, 2 ** 31 - 1));
  let wasmTable: ParquetWasmTable;
  try {
    wasmTable = await decode(bytes, pq, batchSize, options.columns);
  } catch (e) {
    throw decodeError(e, file);
  }
  return { ...tableOutOfWasm(wasmTable, pq, file, notes), footer };
}

/**
 * A decoded wasm table lent to `consume` as an Arrow table whose buffers are views of WebAssembly memory: no copy
 * out of the wasm at all, for a caller whose next step copies anyway (queue.writeBuffer, a mapped staging
 * buffer). The views are valid only while `consume` runs: it must be synchronous and must not call parquet-wasm
 * (an allocation there can move or detach that memory). Where arrow-js-ffi cannot be trusted with the table,
 * `consume` gets tableOutOfWasm's copy instead (`path` says which). Frees `wasmTable` in every case.
 * @throws DataError (undecodable, with `trap` when the wasm trapped), or what `consume` throws
 */
export function lendTableOutOfWasm<R>(wasmTable: ParquetWasmTable, pq: Pick<ParquetWasm, 'wasmMemory'>, file: string, consume: (table: Table, path: 'view' | 'ffi' | 'ipc') => R): R {
  let view: Table | undefined;
  try {
    const ffi = wasmTable.toFFI();
    try {
      if (ffiUnsafeType(parseSchema(pq.wasmMemory().buffer, ffi.schemaAddr()).fields) === undefined) {
        const read = parseTable(pq.wasmMemory().buffer, ffi.arrayAddrs(), ffi.schemaAddr(), false);
        repairDictionaryTypes(read.schema.fields);
        if (read.data.every(offsetsAreZero)) view = read;
      }
      // Used while the FFI structures still hold the arrays: freeing them releases the memory the views show.
      if (view) return consume(view, 'view');
    } catch (e) {
      if (view || e instanceof WebAssembly.RuntimeError) throw e;
    } finally {
      ffi.free();
      if (view) wasmTable.free();
    }
  } catch (e) {
    if (view) throw e;
    throw decodeError(e, file);
  }
  const copied = tableOutOfWasm(wasmTable, pq, file, []);
  return consume(copied.table, copied.path);
}

/**
 * A decoded wasm table as an Arrow table, read out of WebAssembly memory through the C Data Interface (copied
 * into JavaScript memory, so later wasm calls cannot detach it), or through an IPC stream for what arrow-js-ffi
 * cannot be trusted with (a note in `notes` says so). Consumes and frees `wasmTable`.
 * @throws DataError (undecodable, with `trap` when the wasm trapped)
 */
export function tableOutOfWasm(wasmTable: ParquetWasmTable, pq: Pick<ParquetWasm, 'wasmMemory'>, file: string, notes: string[]): { readonly table: Table; readonly path: 'ffi' | 'ipc'; readonly notes: string[] } {
  let table: Table | undefined;
  let fallback: string | undefined;
  try {
    const ffi = wasmTable.toFFI();
    try {
      fallback = ffiUnsafeType(parseSchema(pq.wasmMemory().buffer, ffi.schemaAddr()).fields);
      if (fallback === undefined) {
        // The memory's buffer is read now: any wasm allocation since would have detached an older one.
        const read = parseTable(pq.wasmMemory().buffer, ffi.arrayAddrs(), ffi.schemaAddr(), true);
        repairDictionaryTypes(read.schema.fields);
        if (read.data.every(offsetsAreZero)) table = read;
        else fallback = 'an array with a non-zero offset';
      }
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw e;
      fallback = `what it stopped on (${e instanceof Error ? e.message : String(e)})`;
    } finally {
      ffi.free();
    }
    if (table) {
      wasmTable.free();
      return { table, path: 'ffi', notes };
    }
    // intoIPCStream consumes the wasm table.
    const ipc = wasmTable.intoIPCStream();
    notes.push(`decoded through Arrow IPC rather than the zero-copy FFI path: arrow-js-ffi cannot be trusted with ${fallback ?? 'this table'}`);
    return { table: tableFromIPC(ipc), path: 'ipc', notes };
  } catch (e) {
    throw decodeError(e, file);
  }
}
