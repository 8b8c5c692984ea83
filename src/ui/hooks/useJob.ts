import { useCallback, useRef, useState, type Dispatch, type SetStateAction } from 'react';

/**
 * One long piece of work at a time (a run, a tuning, a calibration, a sweep):
 * busy while it runs, its progress, and Cancel through an AbortSignal. A
 * second start while one runs is refused (a ref, not state: a click may land
 * between the renders that end a job). `work` handles its own errors.
 */
export interface Job<P> {
  readonly running: boolean;
  readonly progress: P | undefined;
  /** Starts `work` unless a job is running; true when it started. */
  start(work: (signal: AbortSignal, onProgress: Dispatch<SetStateAction<P | undefined>>) => Promise<void>): boolean;
  cancel(): void;
}

export function useJob<P>(): Job<P> {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<P>();
  const controller = useRef<AbortController | null>(null);
  const start = useCallback<Job<P>['start']>((work) => {
    if (controller.current) return false;
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    setProgress(undefined);
    void work(abort.signal, setProgress).finally(() => {
      controller.current = null;
      setRunning(false);
      setProgress(undefined);
    });
    return true;
  }, []);
  const cancel = useCallback(() => controller.current?.abort(), []);
  return { running, progress, start, cancel };
}
