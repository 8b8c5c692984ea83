import { describe, expect, it } from 'vitest';
import { referenceTable, toParquet } from '../test/data-tables';
import { DataError } from './errors';
import { leafPaths, readParquetFooter, type ParquetFooter } from './footer';
import { decodeBytesNeeded, WASM_DECODE_BUDGET_BYTES } from './parquet';

describe('the Parquet footer, read without the decoder', () => {
  const bytes = toParquet(referenceTable(), 'zstd', 4);

  it('gives rows, the schema, row groups and each column chunk\'s codec and sizes', () => {
    const footer = readParquetFooter(bytes, 'r.parquet');
    expect(footer).toMatchObject({ numRows: 10, rowGroupRows: 10, encrypted: false });
    expect(footer.createdBy).toMatch(/parquet-rs/);
    expect(footer.fields.map((f) => [f.name, f.physicalType ?? 'group', f.repetition])).toEqual([
      ['f32', 'FLOAT', 'optional'], ['f64', 'DOUBLE', 'optional'], ['i32', 'INT32', 'optional'], ['i64', 'INT64', 'optional'],
      ['big', 'INT64', 'optional'], ['nf', 'FLOAT', 'optional'], ['dict', 'FLOAT', 'optional'], ['vec', 'group', 'optional'], ['name', 'BYTE_ARRAY', 'optional'],
    ]);
    expect(footer.fields.find((f) => f.name === 'vec')?.logicalType).toBe('LIST');
    expect(footer.fields.find((f) => f.name === 'name')?.logicalType).toBe('STRING');
    expect(footer.rowGroups.map((g) => g.numRows)).toEqual([4, 4, 2]);
    const paths = leafPaths(footer.fields).map((p) => p.join('.'));
    expect(footer.rowGroups[0]?.columns.map((c) => c.path.join('.'))).toEqual(paths);
    expect(paths).toContain('vec.list.item');
    for (const c of footer.rowGroups.flatMap((g) => g.columns)) {
      expect(c.codec).toBe('ZSTD');
      expect(c.compressedBytes).toBeGreaterThan(0);
    }
  });

  it('meets a damaged footer with a DataError, never a hang or another error', () => {
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 8, true);
    const start = bytes.length - 8 - length;
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes: string[] = [];
    for (let trial = 0; trial < 300; trial++) {
      const damaged = bytes.slice();
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++) damaged[start + Math.floor(random() * length)] = Math.floor(random() * 256);
      try {
        readParquetFooter(damaged, 'd.parquet');
        outcomes.push('read');
      } catch (e) {
        const clear = e instanceof DataError && /^d\.parquet: corrupt: its Parquet footer does not read: .+\.$/.test(e.message);
        outcomes.push(clear ? 'refused' : `unclear: ${String(e)}`);
      }
    }
    expect(outcomes.filter((o) => o.startsWith('unclear'))).toEqual([]);
    expect(outcomes.filter((o) => o === 'refused').length).toBeGreaterThan(50);
  });

  it('estimates the WebAssembly memory a decode needs, for all columns or some', () => {
    const footer: ParquetFooter = {
      version: 1, numRows: 2, rowGroupRows: 2, fields: [], encrypted: false, footerBytes: 100,
      rowGroups: [{ numRows: 2, totalByteSize: 2 ** 31, columns: [
        { path: ['arr', 'key_value', 'key'], numValues: 2, compressedBytes: 10, uncompressedBytes: 2 ** 31 - 100, encrypted: false },
        { path: ['small'], numValues: 2, compressedBytes: 10, uncompressedBytes: 100, encrypted: false },
      ] }],
    };
    expect(decodeBytesNeeded(footer, 1000)).toBe(1000 + 2 * 2 ** 31);
    expect(decodeBytesNeeded(footer, 1000)).toBeGreaterThan(WASM_DECODE_BUDGET_BYTES);
    expect(decodeBytesNeeded(footer, 1000, ['small'])).toBe(1200);
  });
});
