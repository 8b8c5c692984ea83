/**
 * Where the page decodes data files: in a module Worker whose entry is
 * decode-worker-entry.ts. Kept apart from decode.ts so that Node code never
 * names the Worker.
 */
import { decodeInWorker, type DataDecoder } from './decode';

export function decodeInBrowserWorker(): DataDecoder {
  return decodeInWorker(() => new Worker(new URL('./decode-worker-entry.ts', import.meta.url), { type: 'module', name: 'kernel-lab decode' }));
}
