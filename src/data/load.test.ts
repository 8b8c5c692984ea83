import { Decimal, makeData, tableToIPC, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parquet, referenceTable, tableOf, toCsv, toLegacyStream, toParquet, type Codec } from '../test/data-tables';
import { columnToHost } from './columns';
import { DataError } from './errors';
import { loadData, type LoadedData } from './load';

const pq = parquet;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The reference table's columns as kernel inputs, checked against the values the generator wrote. */
function expectReferenceColumns(loaded: LoadedData, file: string): void {
  const { table } = loaded;
  expect(table.numRows).toBe(10);
  const host = (name: string, kind: 'f32' | 'i32' | 'u32', nulls?: { fill: number }) => columnToHost(table, name, { kind, file, ...(nulls ? { nulls } : {}) });
  expect(Array.from(host('f32', 'f32').data)).toEqual(Array.from({ length: 10 }, (_, i) => i * 0.5));
  expect(Array.from(host('f64', 'f32').data)).toEqual(Array.from({ length: 10 }, (_, i) => Math.fround(i / 3)));
  expect(host('f64', 'f32').notes).toContain('converted from Float64 to f32');
  expect(Array.from(host('i32', 'i32').data)).toEqual(Array.from({ length: 10 }, (_, i) => i - 5));
  expect(Array.from(host('i64', 'i32').data)).toEqual(Array.from({ length: 10 }, (_, i) => i * 1000));
  expect(() => host('big', 'i32')).toThrow(`${file}: out of range: column "big" row 7 holds 1099511627776, which does not fit in i32 (-2147483648 to 2147483647).`);
  expect(() => host('nf', 'f32')).toThrow(`${file}: nulls: column "nf" has 2 null values (the first in row 2); choose a value to fill them with, or another column.`);
  const filled = host('nf', 'f32', { fill: -1 });
  expect(Array.from(filled.data)).toEqual([0.25, 1.25, -1, 3.25, 4.25, 5.25, 6.25, 7.25, -1, 9.25]);
  expect(filled.notes).toContain('2 nulls filled with -1');
  expect(Array.from(host('dict', 'f32').data)).toEqual([10, 20, 30, 10, 20, 30, 10, 20, 30, 10]);
  const vec = host('vec', 'f32');
  expect(vec.shape).toEqual([10, 3]);
  expect(Array.from(vec.data)).toEqual(Array.from({ length: 30 }, (_, k) => k));
}

describe('loading the same table from every format', () => {
  const table = referenceTable();

  for (const codec of ['uncompressed', 'snappy', 'zstd'] satisfies Codec[]) {
    it(`reads Parquet (${codec}) through the FFI path, with row groups and codecs from the footer`, async () => {
      const bytes = toParquet(table, codec, 4);
      const loaded = await loadData(bytes, `t.${codec}.parquet`, { parquet: pq });
      expectReferenceColumns(loaded, `t.${codec}.parquet`);
      const { info } = loaded;
      expect(info).toMatchObject({ file: `t.${codec}.parquet`, format: 'parquet', bytes: bytes.length, rows: 10, batches: 1 });
      expect(info.notes[0]).toMatch(/through the Arrow C Data Interface \(no IPC round trip\)/);
      expect(info.parquet?.rowGroups).toBe(3);
      expect(info.parquet?.rowsPerGroup).toEqual([4, 4, 2]);
      const f32 = info.parquet?.columns.find((c) => c.path === 'f32');
      expect(f32).toMatchObject({ physicalType: 'FLOAT', codecs: [codec.toUpperCase()] });
      expect(info.parquet?.columns.find((c) => c.path.startsWith('vec'))?.physicalType).toBe('FLOAT');
      expect(info.columns.map((c) => [c.name, c.type])).toEqual([
        ['f32', 'Float32'], ['f64', 'Float64'], ['i32', 'Int32'], ['i64', 'Int64'], ['big', 'Int64'], ['nf', 'Float32'],
        ['dict', 'Dictionary<Int32, Float32>'], ['vec', 'FixedSizeList<Float32>[3]'], ['name', 'Utf8'],
      ]);
      expect(info.columns.find((c) => c.name === 'nf')).toMatchObject({ nullable: true, nulls: 2, kernelWidth: 1 });
      expect(info.columns.find((c) => c.name === 'vec')?.kernelWidth).toBe(3);
      expect(info.columns.find((c) => c.name === 'name')?.kernelWidth).toBeUndefined();
    });
  }

  it('reads Parquet in record batches of a chosen size, and only the columns asked for', async () => {
    const bytes = toParquet(table, 'snappy', 4);
    const batched = await loadData(bytes, 't.parquet', { parquet: pq, batchRows: 3 });
    expect(batched.table.batches.map((b) => b.numRows)).toEqual([3, 3, 3, 1]);
    expectReferenceColumns(batched, 't.parquet');
    const some = await loadData(bytes, 't.parquet', { parquet: pq, columns: ['vec', 'f32'] });
    expect(some.info.columns.map((c) => c.name)).toEqual(['f32', 'vec']);
    await expect(loadData(bytes, 't.parquet', { parquet: pq, columns: ['nope'] })).rejects.toThrow('t.parquet: no such column: there is no column "nope" (the columns are "f32", "f64", ');
  });

  it('reads an Arrow IPC file, a stream and a pre-0.15 stream, keeping the record batches', async () => {
    for (const [bytes, format] of [[tableToIPC(table, 'file'), 'arrow-file'], [tableToIPC(table, 'stream'), 'arrow-stream'], [toLegacyStream(table), 'arrow-stream']] as const) {
      const loaded = await loadData(bytes, 't.arrow');
      expect(loaded.info).toMatchObject({ format, rows: 10, batches: 2 });
      expectReferenceColumns(loaded, 't.arrow');
    }
  });

  it('reads CSV: numbers as Float64, text as Utf8, empty fields as nulls', async () => {
    const bytes = utf8(toCsv(table, ['f32', 'i32', 'big', 'nf', 'name']));
    const { table: t, info } = await loadData(bytes, 't.csv');
    expect(info.columns.map((c) => [c.name, c.type, c.nulls])).toEqual([['f32', 'Float64', 0], ['i32', 'Float64', 0], ['big', 'Float64', 0], ['nf', 'Float64', 2], ['name', 'Utf8', 0]]);
    expect(info.notes).toContain('delimiter ","');
    expect(Array.from(columnToHost(t, 'i32', { kind: 'i32' }).data)).toEqual(Array.from({ length: 10 }, (_, i) => i - 5));
    expect(() => columnToHost(t, 'nf', { kind: 'f32' })).toThrow('column "nf" has 2 null values (the first in row 2)');
    expect(Array.from(columnToHost(t, 'nf', { kind: 'f32', nulls: { fill: 0 } }).data).slice(0, 3)).toEqual([0.25, 1.25, 0]);
    expect(() => columnToHost(t, 'big', { kind: 'i32', file: 't.csv' })).toThrow('t.csv: out of range: column "big" row 7 holds 1099511627776, which does not fit in i32');
    expect(() => columnToHost(t, 'f32', { kind: 'u32', file: 't.csv' })).toThrow('t.csv: out of range: column "f32" row 1 holds 0.5, which is not an integer, so it cannot become u32.');
  });

  it('reads CSV with quotes, tabs, a BOM and odd headers, and refuses text that is not a table', async () => {
    const { table: t, info } = await loadData(utf8('\uFEFFa\t\tb\t\n1\t"x\ty"\t2\t3\n'), 'tabs.tsv');
    expect(info.columns.map((c) => c.name)).toEqual(['a', 'column 2', 'b', 'column 4']);
    expect(t.getChild('column 2')?.get(0)).toBe('x\ty');
    expect((await loadData(utf8('x,x\n1,2\n'), 'd.csv')).info.columns.map((c) => c.name)).toEqual(['x', 'x (2)']);
    expect((await loadData(utf8('v\nNaN\n-inf\n1e3\n'), 'n.csv')).table.getChild('v')?.toArray()).toEqual(Float64Array.of(Number.NaN, -Infinity, 1000));
    await expect(loadData(utf8('a,b\n1,2\n3\n'), 'ragged.csv')).rejects.toThrow('ragged.csv: not a table: record 3 has 1 field but the header has 2, so this text is not a CSV table.');
    await expect(loadData(utf8('a,b\n"1,2\n'), 'quote.csv')).rejects.toThrow(/^quote\.csv: corrupt: record \d: /);
    await expect(loadData(Uint8Array.of(0x61, 0x2c, 0x62, 0x0a, 0xc3, 0x28, 0x0a), 'latin.csv')).rejects.toThrow('latin.csv: unsupported: it is text, but not UTF-8 (Latin-1 or another encoding?); save it as UTF-8 to read it as CSV.');
  });

  it('reads Decimal through Arrow IPC rather than the FFI path, and says so', async () => {
    const words = Uint32Array.of(12345, 0, 0, 0, 4294967295, 4294967295, 4294967295, 4294967295);
    const decimals = tableOf([{ d: makeData({ type: new Decimal(2, 9, 128), length: 2, nullCount: 0, data: words }) }]);
    const { table: t, info } = await loadData(toParquet(decimals), 'dec.parquet', { parquet: pq });
    expect(info.columns[0]?.type).toBe('Decimal(9, 2)');
    expect(info.notes).toContain('decoded through Arrow IPC rather than the zero-copy FFI path: arrow-js-ffi cannot be trusted with Decimal(9, 2) (column "d")');
    expect(Array.from(t.getChild('d')?.get(0) as Uint32Array)).toEqual([12345, 0, 0, 0]);
    expect(() => columnToHost(t, 'd', { kind: 'f32', file: 'dec.parquet' })).toThrow('dec.parquet: unsupported column type: column "d" is Decimal(9, 2)');
  });

  it('loads parquet-wasm only for a Parquet file', async () => {
    let loads = 0;
    const lazy = () => {
      loads++;
      return Promise.resolve(pq);
    };
    await loadData(tableToIPC(table, 'stream'), 't.arrows', { parquet: lazy });
    await loadData(utf8('a\n1\n'), 't.csv', { parquet: lazy });
    expect(loads).toBe(0);
    const loaded = await loadData(toParquet(table), 't.parquet', { parquet: lazy });
    expect(loads).toBe(1);
    expect(loaded.table.numRows).toBe(10);
  });
});

describe('files that cannot be loaded', () => {
  const table: Table = referenceTable();
  const bytes = toParquet(table, 'snappy');

  async function failure(loading: Promise<unknown>): Promise<DataError> {
    try {
      await loading;
    } catch (e) {
      if (e instanceof DataError) return e;
      throw e;
    }
    throw new Error('it loaded');
  }

  it('says which file and why, in one sentence', async () => {
    expect((await failure(loadData(bytes.slice(0, bytes.length - 100), 'cut.parquet', { parquet: pq }))).message)
      .toBe(`cut.parquet: truncated: it starts with PAR1 like a Parquet file but does not end with PAR1 (${bytes.length - 100} bytes): the footer is missing.`);
    const encrypted = bytes.slice();
    encrypted.set(utf8('PARE'), encrypted.length - 4);
    expect((await failure(loadData(encrypted, 'secret.parquet', { parquet: pq })))).toMatchObject({ reason: 'encrypted', message: 'secret.parquet: unsupported: encrypted Parquet is not supported (the file ends with PARE: its footer is encrypted).' });
    expect((await failure(loadData(new Uint8Array(0), 'none.csv'))).message).toBe('none.csv: empty: the file has no bytes.');
    expect((await failure(loadData(bytes, 'x.parquet'))).message).toBe('x.parquet: unsupported: it is Parquet, and no Parquet decoder was given to read it.');
    const arrow = tableToIPC(table, 'file');
    expect((await failure(loadData(arrow.slice(0, 200), 'cut.arrow'))).reason).toBe('truncated');
    const stream = tableToIPC(table, 'stream');
    expect((await failure(loadData(stream.slice(0, stream.length - 8), 'cut.arrows'))).reason).toBe('truncated');
  });

  it('names a corrupt footer and a corrupt page, and keeps loading the next file', async () => {
    const footerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 8, true);
    const brokenFooter = bytes.slice();
    brokenFooter.fill(0xff, bytes.length - 8 - footerLength, bytes.length - 8 - footerLength + 40);
    const e = await failure(loadData(brokenFooter, 'footer.parquet', { parquet: pq }));
    expect(e.reason).toBe('corrupt');
    expect(e.message).toMatch(/^footer\.parquet: corrupt: its Parquet footer does not read: /);

    const brokenPages = bytes.slice();
    brokenPages.fill(0x55, 4, 200);
    const d = await failure(loadData(brokenPages, 'pages.parquet', { parquet: pq }));
    expect(d.reason).toBe('undecodable');
    expect(d.message).toMatch(/^pages\.parquet: could not be decoded: parquet-wasm could not decode it: .+\.$/);
    // The decoder still works.
    expect((await loadData(bytes, 'ok.parquet', { parquet: pq })).table.numRows).toBe(10);
  });

  it('a footer length longer than the file is corrupt', async () => {
    const lying = bytes.slice();
    new DataView(lying.buffer).setUint32(lying.length - 8, lying.length, true);
    expect((await failure(loadData(lying, 'long.parquet', { parquet: pq }))).message).toBe(`long.parquet: corrupt: its footer length says ${lying.length} bytes, but the whole file has only ${lying.length}.`);
  });
});
