import { useEffect, useState } from 'react';
import { GpuSession, type GpuState } from '../../gpu/session';
import type { Log } from './useConsoleLog';

/** The page's GPU session as React state; device events go to the console strip. */
export function useGpu(log: Log): { state: GpuState; session: GpuSession | undefined } {
  const [session, setSession] = useState<GpuSession>();
  const [state, setState] = useState<GpuState>({ status: 'acquiring' });

  useEffect(() => {
    const s = new GpuSession(typeof navigator === 'undefined' ? undefined : navigator.gpu);
    setSession(s);
    const off = s.subscribe((e) => {
      if (e.type === 'uncaptured-error') {
        log('error', `GPU error outside any run: ${e.message}`);
        return;
      }
      setState(e.state);
      if (e.state.status === 'lost') log('warn', e.state.message);
      if (e.state.status === 'ready' && e.state.notice) log('info', e.state.notice);
      if (e.state.status === 'unavailable') log('error', e.state.message);
    });
    void s.start();
    return () => {
      off();
      s.dispose();
    };
  }, [log]);

  return { state, session };
}
