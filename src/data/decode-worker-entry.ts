/**
 * The decoding Worker (see decode.ts): each message is a file to decode, each
 * answer the table as Arrow IPC bytes, transferred, with its DataInfo and
 * statistics. parquet-wasm loads on the first Parquet file.
 */
import { decodeRequest } from './decode-worker';
import type { DecodeRequest } from './decode';
import { parquetInBrowser } from './parquet-browser';

self.addEventListener('message', async (e: MessageEvent<DecodeRequest>) => {
  const { reply, transfer } = await decodeRequest(e.data, parquetInBrowser);
  self.postMessage(reply, { transfer });
});
