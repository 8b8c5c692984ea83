/**
 * The decoding Worker's work, served over a Node worker thread's port: what
 * decode-worker-entry.ts does in the page, with Node's parquet-wasm build.
 * Loaded inside the thread by node-decoder.ts (through Vite's module runner,
 * since a worker thread cannot load TypeScript itself).
 */
import type { MessagePort } from 'node:worker_threads';
import * as parquet from 'parquet-wasm';
import type { DecodeRequest } from '../data/decode';
import { decodeRequest } from '../data/decode-worker';

export function serve(port: MessagePort): void {
  port.on('message', (request: DecodeRequest) => {
    void decodeRequest(request, () => Promise.resolve(parquet)).then(({ reply, transfer }) => port.postMessage(reply, transfer));
  });
  port.postMessage({ ready: true });
}
