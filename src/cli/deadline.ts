/**
 * Waiting with a deadline: a kernel that never ends wedges the GPU, and no
 * WebGPU call returns, so every wait on a run is bounded (--timeout) and the
 * backend is restarted instead.
 */
export const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT after `seconds` (the promise is left to fail quietly). */
export function within<T>(promise: Promise<T>, seconds: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  promise.catch(() => undefined);
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), seconds * 1000);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
