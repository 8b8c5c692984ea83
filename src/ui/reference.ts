/** The page's one reference Worker, shared by Run, tuning and the device suites (it starts on first use). */
import { browserReferenceRunner } from '../bench/reference-worker';

export const pageReference = browserReferenceRunner();
