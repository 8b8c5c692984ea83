/**
 * Where the page computes references: in a module Worker whose entry is
 * reference-worker-entry.ts (the code that runs inside it).
 * Kept apart from run/reference.ts so that Node code never names the Worker.
 */
import { referenceInWorker, type WorkerReference } from './reference';

export function referenceInBrowserWorker(): WorkerReference {
  return referenceInWorker(() => new Worker(new URL('./reference-worker-entry.ts', import.meta.url), { type: 'module', name: 'kernel-lab reference' }));
}
