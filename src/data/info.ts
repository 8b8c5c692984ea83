/**
 * What the data panel shows about a loaded file, as plain data that crosses
 * from the decoding Worker to the page: name, format, size, rows, each
 * column's name, type in words, nullability and null count, and for Parquet
 * the row groups and each leaf column's codecs and sizes (from the footer).
 */
import type { Table } from 'apache-arrow';
import { kernelInputOf } from './columns';
import type { DataFormat } from './detect';
import type { ParquetFooter } from './footer';
import { describeType } from './types';

export interface ColumnInfo {
  readonly name: string;
  /** The Arrow type in words: "Float32", "FixedSizeList<Float32>[768]", "Dictionary<Int32, Utf8>". */
  readonly type: string;
  /** The schema allows nulls. */
  readonly nullable: boolean;
  /** Null rows actually present. */
  readonly nulls: number;
  /** Values per row when the column can feed a kernel buffer (1, or d of a FixedSizeList<…>[d]); absent when it cannot. */
  readonly kernelWidth?: number;
}

export interface ParquetColumnInfo {
  /** The leaf's dotted path ("a.list.element"). */
  readonly path: string;
  readonly physicalType: string;
  /** Codecs its chunks use across row groups ("SNAPPY", "ZSTD", "UNCOMPRESSED", …). */
  readonly codecs: readonly string[];
  /** Bytes stored, and bytes once decompressed, summed over row groups. */
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
}

export interface ParquetInfo {
  readonly version: number;
  readonly createdBy?: string;
  readonly rowGroups: number;
  readonly rowsPerGroup: readonly number[];
  readonly columns: readonly ParquetColumnInfo[];
}

export interface DataInfo {
  readonly file: string;
  readonly format: DataFormat;
  /** Size of the file, bytes. */
  readonly bytes: number;
  readonly rows: number;
  readonly columns: readonly ColumnInfo[];
  /** Record batches (chunks) in the table. */
  readonly batches: number;
  readonly parquet?: ParquetInfo;
  /** How it was read and anything worth saying about it ("decoded through Arrow IPC: …", "delimiter ","). */
  readonly notes: readonly string[];
}

/** The footer's facts for the data panel, leaf columns aggregated over row groups. */
export function parquetInfo(footer: ParquetFooter): ParquetInfo {
  const columns = new Map<string, { physicalType: string; codecs: Set<string>; compressedBytes: number; uncompressedBytes: number }>();
  for (const g of footer.rowGroups) {
    for (const c of g.columns) {
      const path = c.path.join('.');
      const entry = columns.get(path) ?? { physicalType: c.physicalType ?? '?', codecs: new Set<string>(), compressedBytes: 0, uncompressedBytes: 0 };
      if (c.codec !== undefined) entry.codecs.add(c.codec);
      entry.compressedBytes += c.compressedBytes;
      entry.uncompressedBytes += c.uncompressedBytes;
      columns.set(path, entry);
    }
  }
  return {
    version: footer.version,
    ...(footer.createdBy === undefined ? {} : { createdBy: footer.createdBy }),
    rowGroups: footer.rowGroups.length,
    rowsPerGroup: footer.rowGroups.map((g) => g.numRows),
    columns: [...columns].map(([path, e]) => ({ path, physicalType: e.physicalType, codecs: [...e.codecs], compressedBytes: e.compressedBytes, uncompressedBytes: e.uncompressedBytes })),
  };
}

/** Describes a loaded table. */
export function describeData(table: Table, file: { readonly file: string; readonly format: DataFormat; readonly bytes: number; readonly notes: readonly string[]; readonly parquet?: ParquetInfo }): DataInfo {
  const columns = table.schema.fields.map((f, i): ColumnInfo => {
    const input = kernelInputOf(f.type);
    return { name: f.name, type: describeType(f.type), nullable: f.nullable, nulls: table.getChildAt(i)?.nullCount ?? 0, ...(input ? { kernelWidth: input.width } : {}) };
  });
  return { ...file, rows: table.numRows, columns, batches: table.batches.length };
}
