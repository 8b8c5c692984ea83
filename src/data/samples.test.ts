/**
 * The sample datasets: the files committed in public/data are exactly what
 * `npm run samples` writes, and each loads as the table the README describes
 * (the CSV twin without the list column), its values equal across formats.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as parquet from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { columnToHost } from './columns';
import { loadData } from './load';
import { SAMPLE_ROWS, SAMPLE_WIDTH, sampleFiles } from './samples';

const files = sampleFiles(parquet as never);
const committed = (name: string): Uint8Array => new Uint8Array(readFileSync(join(import.meta.dirname, '../../public/data', name)));

describe('the sample datasets', () => {
  it('are committed as the script writes them, each under 1 MB, with their list', () => {
    for (const f of files) {
      expect(f.bytes.length).toBeLessThan(1e6);
      expect(Buffer.from(committed(f.name)).equals(Buffer.from(f.bytes)), `public/data/${f.name} is stale: run npm run samples`).toBe(true);
    }
    // The sample serving trace follows the tables in the list (src/kv/trace.test.ts checks its files).
    const index = JSON.parse(new TextDecoder().decode(committed('index.json'))) as { name: string; bytes: number }[];
    expect(index.slice(0, files.length).map((e) => [e.name, e.bytes])).toEqual(files.map((f) => [f.name, f.bytes.length]));
  });

  it('load as the same table in every format, with the nulls, types and row groups described', async () => {
    const loaded = await Promise.all(files.map((f) => loadData(f.bytes.slice(), f.name, { parquet: parquet as never })));
    const [pq, arrow, csv] = loaded;
    expect(pq?.info.parquet?.rowGroups).toBe(4);
    for (const l of loaded) expect(l.table.numRows).toBe(SAMPLE_ROWS);
    const types = (l: typeof pq) => l?.info.columns.map((c) => [c.name, c.type, c.nulls]);
    expect(types(pq)).toEqual([
      ['x', 'Float32', 0], ['y', 'Float32', 0], ['id', 'Int32', 0], ['reading', 'Float32', 114], ['price', 'Float64', 0],
      ['embedding', `FixedSizeList<Float32>[${SAMPLE_WIDTH}]`, 0],
    ]);
    expect(types(arrow)).toEqual(types(pq));
    // CSV has no f32 or list: numbers read as Float64, and the embedding is left out.
    expect(types(csv)).toEqual([['x', 'Float64', 0], ['y', 'Float64', 0], ['id', 'Float64', 0], ['reading', 'Float64', 114], ['price', 'Float64', 0]]);
    for (const column of ['x', 'y', 'id', 'price']) {
      const values = loaded.map((l) => Array.from(columnToHost(l.table, column, { kind: 'f32' }).data));
      expect(values[1]).toEqual(values[0]);
      expect(values[2]).toEqual(values[0]);
    }
    const filled = loaded.map((l) => Array.from(columnToHost(l.table, 'reading', { kind: 'f32', nulls: { fill: -1 } }).data));
    expect(filled[2]).toEqual(filled[0]);
    expect(filled[0]?.filter((v) => v === -1)).toHaveLength(114);
    expect(columnToHost(arrow!.table, 'embedding', { kind: 'f32' }).shape).toEqual([SAMPLE_ROWS, SAMPLE_WIDTH]);
  });
});
