import { useEffect, useState } from 'react';
import { GpuSession, type GpuState } from '../../gpu/session';
import type { Log } from './useConsoleLog';

/**
 * The page's GPU session as React state; device events go to the console strip.
 * One session for the page's life: it is the app root's, so it is never disposed
 * (a StrictMode remount only subscribes again; `start` is idempotent).
 */
export function useGpu(log: Log): { state: GpuState; session: GpuSession } {
  const [session] = useState(() => new GpuSession(typeof navigator === 'undefined' ? undefined : navigator.gpu));
  const [state, setState] = useState<GpuState>(() => session.state);

  useEffect(() => {
    const off = session.subscribe((e) => {
      if (e.type === 'uncaptured-error') {
        log('error', `GPU error outside any run: ${e.message}`);
        return;
      }
      setState(e.state);
      if (e.state.status === 'lost') log('warn', e.state.message);
      if (e.state.status === 'ready' && e.state.notice) log('info', e.state.notice);
      if (e.state.status === 'unavailable') log('error', e.state.message);
    });
    void session.start().then(setState);
    return off;
  }, [session, log]);

  return { state, session };
}
