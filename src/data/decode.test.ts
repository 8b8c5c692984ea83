import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../gpu/errors';
import { parquet, referenceTable, toParquet } from '../test/data-tables';
import { nodeDecoder } from '../test/node-decoder';
import { decodeInWorker, type DecodeReply, type DecodeRequest } from './decode';
import { decodeRequest } from './decode-worker';
import { DataError } from './errors';

/** Stands in for the decoding Worker: answers with the real handler, or as told. */
class FakeWorker extends EventTarget {
  requests: DecodeRequest[] = [];
  transfers: Transferable[][] = [];
  terminated = false;
  constructor(private readonly auto = true) {
    super();
  }
  postMessage(r: DecodeRequest, options?: { transfer?: Transferable[] }): void {
    this.requests.push(r);
    this.transfers.push(options?.transfer ?? []);
    if (this.auto) void decodeRequest(r, () => Promise.resolve(parquet)).then(({ reply }) => this.answer(reply));
  }
  answer(reply: DecodeReply): void {
    this.dispatchEvent(new MessageEvent('message', { data: reply }));
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('decoding in a Worker', () => {
  it('answers with the table as IPC bytes, its DataInfo and statistics; Arrow input is passed through', async () => {
    const bytes = toParquet(referenceTable(), 'zstd');
    const { reply, transfer } = await decodeRequest({ id: 3, bytes, file: 'r.parquet' }, () => Promise.resolve(parquet));
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.id).toBe(3);
    expect(transfer).toEqual([reply.ipc.buffer]);
    expect(tableFromIPC(reply.ipc).numRows).toBe(10);
    expect(reply.info).toMatchObject({ file: 'r.parquet', format: 'parquet', rows: 10 });
    expect(reply.stats.find((s) => s.column === 'i64')).toMatchObject({ min: 0n, max: 9000n });
    expect(reply.ms.decode).toBeGreaterThanOrEqual(0);

    const stream = tableToIPC(referenceTable(), 'stream');
    const passed = await decodeRequest({ id: 4, bytes: stream, file: 'r.arrows' }, () => Promise.reject(new Error('not needed')));
    expect(passed.reply.ok && passed.reply.ipc).toBe(stream);
  });

  it('answers a bad file with the DataError\'s parts', async () => {
    const { reply } = await decodeRequest({ id: 1, bytes: new Uint8Array(0), file: 'e.csv' }, () => Promise.resolve(parquet));
    expect(reply).toEqual({ id: 1, ok: false, kind: 'data', message: 'e.csv: empty: the file has no bytes.', data: { file: 'e.csv', reason: 'empty', detail: 'the file has no bytes', trap: false } });
  });

  it('transfers the bytes, rebuilds the table on this side, and keeps one Worker for the next file', async () => {
    const workers: FakeWorker[] = [];
    const decoder = decodeInWorker(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    });
    const bytes = toParquet(referenceTable(), 'snappy');
    const buffer = bytes.buffer;
    const decoded = await decoder.decode(bytes, 'a.parquet', { columns: ['f32', 'vec'] });
    expect(workers[0]?.transfers[0]).toEqual([buffer]);
    expect(decoded.table.schema.fields.map((f) => f.name)).toEqual(['f32', 'vec']);
    expect(decoded.info.columns.map((c) => c.type)).toEqual(['Float32', 'FixedSizeList<Float32>[3]']);
    await expect(decoder.decode(new TextEncoder().encode('a,b\n1\n'), 'b.csv')).rejects.toThrow(new DataError('b.csv', 'not-a-table', 'record 2 has 1 field but the header has 2, so this text is not a CSV table'));
    expect((await decoder.decode(new TextEncoder().encode('x\n1\n'), 'c.csv')).table.numRows).toBe(1);
    expect(workers).toHaveLength(1);
  });

  it('cancelling terminates the Worker; the next file gets a fresh one', async () => {
    const workers: FakeWorker[] = [];
    const decoder = decodeInWorker(() => {
      const w = new FakeWorker(false);
      workers.push(w);
      return w as unknown as Worker;
    });
    const abort = new AbortController();
    const pending = decoder.decode(new Uint8Array(8), 'slow.parquet', { signal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(workers[0]?.terminated).toBe(true);
    await expect(decoder.decode(new Uint8Array(8), 'x', { signal: abort.signal })).rejects.toBeInstanceOf(CancelledError);
    const next = decoder.decode(new Uint8Array(8), 'next.csv');
    expect(workers).toHaveLength(2);
    workers[1]?.answer({ id: 2, ok: false, kind: 'data', message: '…', data: { file: 'next.csv', reason: 'corrupt', detail: 'no', trap: false } });
    await expect(next).rejects.toThrow('next.csv: corrupt: no.');
  });

  it('replaces the Worker after its WebAssembly trapped, and after it failed', async () => {
    const workers: FakeWorker[] = [];
    const decoder = decodeInWorker(() => {
      const w = new FakeWorker(false);
      workers.push(w);
      return w as unknown as Worker;
    });
    const trapped = decoder.decode(new Uint8Array(8), 'huge.parquet');
    const queued = decoder.decode(new Uint8Array(8), 'queued.parquet');
    workers[0]?.answer({ id: 1, ok: false, kind: 'data', message: '…', data: { file: 'huge.parquet', reason: 'undecodable', detail: 'the WebAssembly Parquet decoder stopped (unreachable), most likely out of memory', trap: true } });
    await expect(trapped).rejects.toMatchObject({ reason: 'undecodable', trap: true });
    await expect(queued).rejects.toThrow('queued.parquet: could not be decoded: the decoding Worker was restarted after the decoder trapped on another file; load it again.');
    expect(workers[0]?.terminated).toBe(true);

    const failing = decoder.decode(new Uint8Array(8), 'x.parquet');
    expect(workers).toHaveLength(2);
    workers[1]?.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: 'out of memory' }));
    await expect(failing).rejects.toThrow('x.parquet: could not be decoded: the decoding Worker stopped (out of memory).');
    const last = decoder.decode(new Uint8Array(8), 'y.parquet');
    expect(workers).toHaveLength(3);
    decoder.close();
    expect(workers[2]?.terminated).toBe(true);
    await expect(last).rejects.toBeInstanceOf(CancelledError);

    const unmade = decodeInWorker(() => {
      throw new Error('Workers are blocked here');
    });
    await expect(unmade.decode(new Uint8Array(8), 'z.csv')).rejects.toThrow('z.csv: could not be decoded: no decoding Worker could be started (Workers are blocked here).');
  });

  it('on a real worker thread: decodes, is stopped mid-decode by a timeout, and the next file gets a fresh thread', async () => {
    const decoder = nodeDecoder();
    try {
      const bytes = toParquet(referenceTable(), 'zstd');
      await expect(decoder.decode(bytes.slice(), 'slow.parquet', { signal: AbortSignal.timeout(1) })).rejects.toBeInstanceOf(CancelledError);
      const decoded = await decoder.decode(bytes.slice(), 'next.parquet');
      expect(decoded.info).toMatchObject({ file: 'next.parquet', rows: 10 });
      expect(decoded.stats.find((s) => s.column === 'nf')).toMatchObject({ nulls: 2, min: 0.25, max: 9.25 });
      await expect(decoder.decode(bytes.slice(0, 99), 'cut.parquet')).rejects.toThrow('cut.parquet: truncated:');
    } finally {
      decoder.close();
    }
  });
});
