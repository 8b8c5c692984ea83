/**
 * The browser's reference runner: a module Worker built from reference.worker.ts.
 * Kept apart from reference-runner.ts so that Node code never names the Worker.
 */
import { referenceInWorker, type ReferenceRunner } from './reference-runner';

export function browserReferenceRunner(): ReferenceRunner {
  return referenceInWorker(() => new Worker(new URL('./reference.worker.ts', import.meta.url), { type: 'module', name: 'kernel-lab reference' }));
}
