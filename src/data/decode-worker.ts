/**
 * What the decoding Worker does with one request, apart from how messages
 * arrive (decode-worker-entry.ts in the page, a worker thread in Node tests):
 * load the bytes (load.ts), compute the column statistics, and answer with the
 * table as Arrow IPC stream bytes to transfer. An Arrow file or stream read
 * whole is answered with its own bytes: they already are IPC.
 */
import { tableToIPC } from 'apache-arrow';
import { KernelLabError, messageOf } from '../gpu/errors';
import { DataError } from './errors';
import { loadData } from './load';
import type { ParquetWasm } from './parquet';
import { columnStats } from './stats';
import type { DecodeReply, DecodeRequest } from './decode';

/** Decodes one request; never throws (failures are replies). */
export async function decodeRequest(request: DecodeRequest, parquet: () => Promise<ParquetWasm>): Promise<{ readonly reply: DecodeReply; readonly transfer: ArrayBuffer[] }> {
  const { id, bytes, file } = request;
  try {
    const t0 = performance.now();
    const { table, info } = await loadData(bytes, file, { parquet, ...(request.columns ? { columns: request.columns } : {}), ...(request.batchRows ? { batchRows: request.batchRows } : {}) });
    const t1 = performance.now();
    const stats = columnStats(table);
    const t2 = performance.now();
    const passThrough = (info.format === 'arrow-file' || info.format === 'arrow-stream') && !request.columns;
    const ipc = passThrough ? bytes : tableToIPC(table, 'stream');
    const t3 = performance.now();
    const reply: DecodeReply = { id, ok: true, ipc, info, stats, ms: { decode: t1 - t0, stats: t2 - t1, encode: t3 - t2 } };
    return { reply, transfer: ipc.buffer instanceof ArrayBuffer ? [ipc.buffer] : [] };
  } catch (e) {
    if (e instanceof DataError) return { reply: { id, ok: false, kind: 'data', message: e.message, data: { file: e.file, reason: e.reason, detail: e.detail, trap: e.trap } }, transfer: [] };
    return { reply: { id, ok: false, kind: e instanceof KernelLabError ? e.kind : 'error', message: `${file}: ${messageOf(e)}` }, transfer: [] };
  }
}
