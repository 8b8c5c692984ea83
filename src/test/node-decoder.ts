/**
 * The data decoder (src/data/decode.ts) on a real Node worker thread, for
 * tests that must survive a decode that hangs or crashes: the thread can be
 * terminated mid-decode, exactly as the page terminates its Worker. The thread
 * loads decode-worker-node.ts through Vite's module runner (`runnerImport`),
 * which compiles the TypeScript there; it takes a second or two to start.
 */
import { Worker as NodeWorker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { decodeInWorker, type DataDecoder } from '../data/decode';

const ROOT = resolve(import.meta.dirname, '../..');

/** CommonJS, run by the thread: import Vite, load the serving module, hand it the port. */
const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
import('vite')
  .then(({ runnerImport }) => runnerImport(workerData.entry, { root: workerData.root, configFile: false, logLevel: 'silent' }))
  .then(({ module }) => module.serve(parentPort))
  .catch((e) => setTimeout(() => { throw e; }));
`;

/** A worker thread dressed as a Web Worker: message and error events, postMessage with a transfer list, terminate. */
function threadAsWorker(): Worker {
  const thread = new NodeWorker(BOOT, { eval: true, workerData: { root: ROOT, entry: resolve(ROOT, 'src/test/decode-worker-node.ts') } });
  // Like a Web Worker, an idle thread does not keep the process alive.
  thread.unref();
  const target = new EventTarget();
  let ended = false;
  thread.on('message', (data: unknown) => {
    if (data && typeof data === 'object' && 'ready' in data) return;
    target.dispatchEvent(new MessageEvent('message', { data }));
  });
  const fail = (message: string): void => {
    if (ended) return;
    ended = true;
    target.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  };
  thread.on('error', (e: Error) => fail(e.message));
  thread.on('exit', (code) => fail(`the worker thread exited with code ${code}`));
  return Object.assign(target, {
    postMessage: (message: unknown, options?: { transfer?: Transferable[] }) => thread.postMessage(message, (options?.transfer ?? []) as ArrayBuffer[]),
    terminate: () => {
      ended = true;
      void thread.terminate();
    },
  }) as unknown as Worker;
}

/** A decoder whose Worker is a Node worker thread. */
export function nodeDecoder(): DataDecoder {
  return decodeInWorker(threadAsWorker);
}
