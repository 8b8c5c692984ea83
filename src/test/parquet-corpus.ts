/**
 * Helpers for the interop test over the Apache Parquet test corpus
 * (apache/parquet-testing, `data/` and `bad_data/`): where the corpus is, its
 * files, what a file's own footer says its rows and schema are, whether a
 * decoded Arrow table agrees, and the printed table of outcomes.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DataType, type Table } from 'apache-arrow';
import type { ParquetField, ParquetFooter } from '../data/footer';

/** `PARQUET_TESTING_DIR`, else ../shared/data/parquet-testing beside the repository (resolved from this file, not the cwd). */
export function corpusDir(): string {
  return process.env.PARQUET_TESTING_DIR ?? resolve(import.meta.dirname, '../../../shared/data/parquet-testing');
}

/** Every file under data/ and bad_data/, as paths relative to the corpus ("data/aes256/…"), sorted. */
export function corpusFiles(dir: string): string[] {
  const walk = (d: string): string[] => readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  return ['data', 'bad_data'].filter((d) => existsSync(join(dir, d))).flatMap((d) => walk(join(dir, d))).map((p) => relative(dir, p)).sort();
}

/** The family an Arrow type belongs to, for comparing with a Parquet physical type (dictionaries by their values). */
export function arrowFamily(t: DataType): string {
  if (DataType.isDictionary(t)) return arrowFamily(t.dictionary);
  if (DataType.isBool(t)) return 'bool';
  if (DataType.isInt(t)) return 'int';
  if (DataType.isFloat(t)) return ['float16', 'float32', 'float64'][t.precision] ?? 'float';
  if (DataType.isDecimal(t)) return 'decimal';
  if (DataType.isDate(t) || DataType.isTime(t) || DataType.isTimestamp(t) || DataType.isDuration(t) || DataType.isInterval(t)) return 'temporal';
  if (DataType.isUtf8(t) || DataType.isBinary(t) || DataType.isLargeUtf8(t) || DataType.isLargeBinary(t) || DataType.isUtf8View(t) || DataType.isBinaryView(t)) return 'bytes';
  if (DataType.isFixedSizeBinary(t)) return 'fixed-bytes';
  if (DataType.isList(t) || DataType.isFixedSizeList(t)) return 'list';
  if (DataType.isMap(t)) return 'map';
  if (DataType.isStruct(t)) return 'struct';
  if (DataType.isNull(t)) return 'null';
  return 'other';
}

/** The Arrow families a Parquet field may decode to (parquet-format's LogicalTypes.md, and arrow-rs's mapping). */
export function parquetFamilies(f: ParquetField): readonly string[] {
  if (f.repetition === 'repeated') return ['list'];
  if (f.children.length > 0) {
    if (f.logicalType === 'LIST' || f.convertedType === 'LIST') return ['list'];
    if (f.logicalType === 'MAP' || f.convertedType === 'MAP' || f.convertedType === 'MAP_KEY_VALUE') return ['map', 'list'];
    return ['struct'];
  }
  switch (f.physicalType) {
    case 'BOOLEAN': return ['bool'];
    case 'INT32':
    case 'INT64': return ['int', 'decimal', 'temporal'];
    case 'INT96': return ['temporal'];
    case 'FLOAT': return ['float32'];
    case 'DOUBLE': return ['float64'];
    case 'BYTE_ARRAY': return ['bytes', 'decimal'];
    case 'FIXED_LEN_BYTE_ARRAY': return ['fixed-bytes', 'decimal', 'float16', 'temporal'];
    default: return [];
  }
}

/** Where the decoded table disagrees with the footer: row count, column count, names, nullability, type families. Empty when it agrees. */
export function disagreements(table: Table, footer: ParquetFooter): string[] {
  const out: string[] = [];
  if (table.numRows !== footer.numRows) out.push(`${table.numRows} rows decoded, the footer says ${footer.numRows}`);
  const fields = table.schema.fields;
  if (fields.length !== footer.fields.length) out.push(`${fields.length} columns decoded, the footer has ${footer.fields.length}`);
  footer.fields.forEach((pf, i) => {
    const af = fields[i];
    if (!af) return;
    if (af.name !== pf.name) out.push(`column ${i} is "${af.name}", the footer says "${pf.name}"`);
    const nullable = pf.repetition === 'optional';
    if (af.nullable !== nullable) out.push(`"${pf.name}" nullable is ${af.nullable}, the footer says ${pf.repetition}`);
    const family = arrowFamily(af.type);
    const allowed = parquetFamilies(pf);
    if (!allowed.includes(family)) out.push(`"${pf.name}" decoded as ${String(af.type)} (${family}), the footer says ${pf.physicalType ?? 'group'}${pf.logicalType ? `/${pf.logicalType}` : ''}${pf.convertedType ? `/${pf.convertedType}` : ''} (${allowed.join(' or ')})`);
  });
  return out;
}

/** Prints rows as an aligned two-column table. */
export function printOutcomes(title: string, rows: readonly (readonly [string, string])[]): void {
  const width = Math.max(...rows.map(([f]) => f.length), 4);
  console.log([title, ...rows.map(([f, o]) => `  ${f.padEnd(width)}  ${o}`)].join('\n'));
}
