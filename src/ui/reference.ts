/**
 * The page's references: its one reference Worker (started on first use),
 * shared by Run, tuning and the device suites, for library kernels and your
 * own; and the sandbox, for references someone else wrote (`spec.sandboxed`).
 */
import { referenceInBrowserWorker } from '../bench/run/reference-in-worker';
import type { ReferenceCompute } from '../bench/run/reference';
import { referenceInSandbox } from '../bench/run/reference-sandbox';

const worker = referenceInBrowserWorker();
let sandbox: ReturnType<typeof referenceInSandbox> | undefined;
const sandboxed = (): ReturnType<typeof referenceInSandbox> => (sandbox ??= referenceInSandbox());

export const pageReference: ReferenceCompute = (spec, ...rest) => (spec.sandboxed ? sandboxed()(spec, ...rest) : worker(spec, ...rest));

/** Loads someone else's reference module in the sandbox and reports its load errors; nothing of it runs on the page. */
export const probeSandboxed = (module: string, file: string): Promise<void> => sandboxed().probe(module, file);
