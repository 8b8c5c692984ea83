/** The page's one reference Worker, shared by Run, tuning and the device suites (it starts on first use). */
import { referenceInBrowserWorker } from '../bench/run/reference-in-worker';

export const pageReference = referenceInBrowserWorker();
