import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { columnsToTable, tableToArrowFile, tableToParquet } from './table';

describe('columns to Arrow and Parquet', () => {
  it('round-trips strings, numbers, booleans and nulls through Parquet', () => {
    const table = columnsToTable([
      { name: 'kernel', type: 'utf8', values: ['matmul/naive', 'bandwidth/copy'] },
      { name: 'medianMs', type: 'float64', values: [1.5, null] },
      { name: 'samples', type: 'int32', values: [10, 3] },
      { name: 'correct', type: 'bool', values: [true, false] },
    ]);
    const bytes = tableToParquet(table, parquet);
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('PAR1');
    const back = tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
    expect(back.numRows).toBe(2);
    expect(back.getChild('kernel')?.toArray()).toEqual(['matmul/naive', 'bandwidth/copy']);
    expect(back.getChild('medianMs')?.get(0)).toBe(1.5);
    expect(back.getChild('medianMs')?.get(1)).toBeNull();
    expect(back.getChild('samples')?.get(1)).toBe(3);
    expect(back.getChild('correct')?.get(0)).toBe(true);
  });

  it('writes an Arrow IPC file that reads back with its types', () => {
    const bytes = tableToArrowFile(columnsToTable([
      { name: 'kernel', type: 'utf8', values: ['vector/saxpy'] },
      { name: 'gflops', type: 'float64', values: [0.25] },
    ]));
    expect(new TextDecoder().decode(bytes.slice(0, 6))).toBe('ARROW1');
    const back = tableFromIPC(bytes);
    expect(back.getChild('kernel')?.get(0)).toBe('vector/saxpy');
    expect(back.getChild('gflops')?.get(0)).toBe(0.25);
  });
});
