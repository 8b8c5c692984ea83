/**
 * parquet-wasm in the browser: its `esm` build, initialised once with the URL
 * of its 5 MB wasm, and only when a Parquet file is first opened (the import
 * is dynamic, so the wasm is a chunk of its own). Used by the decoding Worker.
 */
import type { ParquetWasm, ParquetWriterWasm } from './parquet';

let loading: Promise<ParquetWasm & ParquetWriterWasm> | undefined;

/** The initialised module (it reads and writes); a failed load is retried on the next call. */
export function parquetInBrowser(): Promise<ParquetWasm & ParquetWriterWasm> {
  loading ??= (async () => {
    const [pq, wasm] = await Promise.all([import('parquet-wasm/esm'), import('parquet-wasm/esm/parquet_wasm_bg.wasm?url')]);
    await pq.default({ module_or_path: wasm.default });
    return pq;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
