import { Float32, Int32, type Data } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parquet, primitive, referenceTable, tableOf, toParquet } from '../test/data-tables';
import { columnToHost } from './columns';
import { bytesAsBlob } from './parquet';
import { readParquetBlob, readParquetColumnView } from './parquet-blob';

/** A Blob that counts the bytes read through it (parquet-wasm reads a Blob by slicing it). */
class CountingBlob extends Blob {
  read = 0;
  override slice(start?: number, end?: number, type?: string): Blob {
    const part = super.slice(start, end, type);
    this.read += part.size;
    return part;
  }
}

const blobOf = (bytes: Uint8Array): CountingBlob => new CountingBlob([bytes as Uint8Array<ArrayBuffer>]);

describe('Parquet from a Blob', () => {
  it('reads the columns asked for, one record batch per row group, through the FFI path', async () => {
    const bytes = toParquet(referenceTable(), 'zstd', 4);
    const read = await readParquetBlob(blobOf(bytes), 't.parquet', parquet, { columns: ['i32', 'f32'] });
    expect(read.path).toBe('ffi');
    expect(read.table.schema.fields.map((f) => f.name)).toEqual(['f32', 'i32']);
    expect(read.table.batches.map((b) => b.numRows)).toEqual([4, 4, 2]);
    expect(Array.from(columnToHost(read.table, 'f32', { kind: 'f32' }).data)).toEqual(Array.from({ length: 10 }, (_, i) => i * 0.5));
    expect(read.footer.rowGroups).toHaveLength(3);
  });

  it('reads one row group alone', async () => {
    const bytes = toParquet(referenceTable(), 'snappy', 4);
    const read = await readParquetBlob(blobOf(bytes), 't.parquet', parquet, { columns: ['i32'], rowGroups: [1] });
    expect(Array.from(columnToHost(read.table, 'i32', { kind: 'i32' }).data)).toEqual([-1, 0, 1, 2]);
    await expect(readParquetBlob(blobOf(bytes), 't.parquet', parquet, { rowGroups: [3] })).rejects.toThrow('t.parquet: wrong shape: there is no row group 3 (it has 3).');
  });

  it('reads about one column\'s share of a wide file, not the whole file', async () => {
    const n = 20_000;
    const columns: Record<string, Data> = {};
    for (let c = 0; c < 20; c++) {
      columns[`c${c}`] = c % 2 === 0
        ? primitive(new Float32(), Float32Array.from({ length: n }, (_, i) => Math.sin(i * (c + 1))))
        : primitive(new Int32(), Int32Array.from({ length: n }, (_, i) => (i * 7919 * (c + 1)) % 100_003));
    }
    const bytes = toParquet(tableOf([columns]), 'uncompressed', n);
    const blob = blobOf(bytes);
    const read = await readParquetBlob(blob, 'wide.parquet', parquet, { columns: ['c4'] });
    expect(columnToHost(read.table, 'c4', { kind: 'f32' }).data[3]).toBe(Math.fround(Math.sin(15)));
    expect(blob.read).toBeGreaterThan(n * 4);
    expect(blob.read).toBeLessThan(bytes.length / 10);
  });

  it('reads bytes in memory through bytesAsBlob, which slices as a Blob does', async () => {
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i);
    const blob = new Blob([bytes]);
    const like = bytesAsBlob(bytes);
    expect(like.size).toBe(10);
    for (const [start, end] of [[2, 5], [-3, undefined], [undefined, undefined], [5, 2], [100, 200], [0, -1]] as const) {
      expect(Array.from(new Uint8Array(await like.slice(start, end).arrayBuffer()))).toEqual(Array.from(new Uint8Array(await blob.slice(start, end).arrayBuffer())));
    }
    const parquetBytes = toParquet(referenceTable(), 'snappy', 4);
    const read = await readParquetBlob(bytesAsBlob(parquetBytes), 't.parquet', parquet, { columns: ['f64'] });
    expect(Array.from(columnToHost(read.table, 'f64', { kind: 'f32' }).data)).toEqual(Array.from({ length: 10 }, (_, i) => Math.fround(i / 3)));
  });

  it('refuses what is not Parquet, or cut short, or lacks the column, naming the file', async () => {
    const bytes = toParquet(referenceTable(), 'uncompressed', 4);
    await expect(readParquetBlob(blobOf(bytes.subarray(0, bytes.length - 100)), 'cut.parquet', parquet)).rejects.toThrow(/^cut\.parquet: truncated: /);
    const renamed = bytes.slice();
    renamed.set([0x50, 0x4b, 0x03, 0x04], 0);
    await expect(readParquetBlob(blobOf(renamed), 'zip.parquet', parquet)).rejects.toThrow('zip.parquet: corrupt: it does not start with PAR1, so it is not a Parquet file.');
    await expect(readParquetBlob(blobOf(bytes), 't.parquet', parquet, { columns: ['nope'] })).rejects.toThrow('t.parquet: no such column: there is no column "nope"');
    await expect(readParquetBlob(blobOf(new Uint8Array(0)), 'empty.parquet', parquet)).rejects.toThrow(/^empty\.parquet: truncated: /);
  });
});

describe('a Parquet column lent to the GPU upload without a copy', () => {
  const wasmBuffer = (): ArrayBufferLike => parquet.wasmMemory().buffer;

  it('lends a Float32 column without nulls as a view of the decoder\'s memory, and frees it after', async () => {
    const bytes = toParquet(referenceTable(), 'snappy', 16);
    let seen: number[] = [];
    let inWasm = false;
    const rows = await readParquetColumnView(bytesAsBlob(bytes), 't.parquet', parquet, 'f32', (values) => {
      seen = Array.from(values);
      inWasm = values.buffer === wasmBuffer();
      return values.length;
    });
    expect(rows).toBe(10);
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => i * 0.5));
    expect(inWasm).toBe(true);
    // Reading it a thousand times neither leaks nor grows the memory past one decode's worth.
    const before = parquet.wasmMemory().buffer.byteLength;
    for (let i = 0; i < 1000; i++) await readParquetColumnView(bytesAsBlob(bytes), 't.parquet', parquet, 'f32', (v) => v[9]);
    expect(parquet.wasmMemory().buffer.byteLength).toBe(before);
  });

  it('converts other numeric columns as columnToHost does, and refuses nulls naming the file and row', async () => {
    const bytes = toParquet(referenceTable(), 'zstd', 16);
    const f64 = await readParquetColumnView(bytesAsBlob(bytes), 't.parquet', parquet, 'f64', (v) => ({ values: Array.from(v), inWasm: v.buffer === wasmBuffer() }));
    expect(f64.values).toEqual(Array.from({ length: 10 }, (_, i) => Math.fround(i / 3)));
    expect(f64.inWasm).toBe(false);
    await expect(readParquetColumnView(bytesAsBlob(bytes), 'n.parquet', parquet, 'nf', () => 0)).rejects.toThrow(/^n\.parquet: .*null/);
    expect(await readParquetColumnView(bytesAsBlob(bytes), 'n.parquet', parquet, 'nf', (v) => Array.from(v), { fill: 0 })).toEqual([0.25, 1.25, 0, 3.25, 4.25, 5.25, 6.25, 7.25, 0, 9.25]);
    await expect(readParquetColumnView(bytesAsBlob(bytes), 't.parquet', parquet, 'nope', () => 0)).rejects.toThrow('t.parquet: no such column: there is no column "nope"');
  });

  it('passes on what the caller throws, and the decoder reads the next file as before', async () => {
    const bytes = toParquet(referenceTable(), 'uncompressed', 16);
    await expect(readParquetColumnView(bytesAsBlob(bytes), 't.parquet', parquet, 'f32', () => {
      throw new RangeError('the upload failed');
    })).rejects.toThrow('the upload failed');
    expect(await readParquetColumnView(bytesAsBlob(bytes), 't.parquet', parquet, 'i32', (v) => Array.from(v))).toEqual(Array.from({ length: 10 }, (_, i) => i - 5));
  });
});

