/**
 * Download a kernel's history as a results file: the same schema the headless
 * runner writes, so `npm run bench -- --compare <file>` reads it.
 */
import type { RunRecord } from '../bench/record';
import { resultsFile, toEntry, withRoof } from '../bench/results';
import type { Ceilings } from '../bench/roofline';
import type { DeviceInfo } from '../gpu/device';

export function exportHistory(kernel: string, history: readonly RunRecord[], device: DeviceInfo | undefined, ceilings: Ceilings | undefined): void {
  const last = history.at(-1);
  const dev = device ?? last?.device;
  if (!dev) return;
  const entries = history.map(toEntry);
  const file = ceilings
    ? resultsFile('kernel-lab page', dev, entries.map((e) => withRoof(e, ceilings)), { gbps: ceilings.gbps, gflops: ceilings.gflops })
    : resultsFile('kernel-lab page', dev, entries);
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `kernel-lab-${kernel.replace('/', '-')}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
