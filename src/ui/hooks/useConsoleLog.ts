import { useCallback, useEffect, useRef, useState } from 'react';
import { getJson, putJson, type Store } from '../../store/store';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly id: number;
  readonly level: LogLevel;
  readonly text: string;
  /** ISO 8601. */
  readonly at: string;
}

export type Log = (level: LogLevel, text: string) => void;

const KEEP = 200;
const KEY = 'console';
let nextId = 1;

/**
 * The console strip under the editor: the latest messages, newest last. Kept
 * in the store once it is open, so a reload does not lose what the page said
 * (messages logged before the store opened are kept after the saved ones).
 */
export function useConsoleLog(store: Store | undefined): { entries: readonly LogEntry[]; log: Log; clear: () => void } {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [loaded, setLoaded] = useState(false);
  const log = useCallback<Log>((level, text) => {
    setEntries((prev) => [...prev.slice(-(KEEP - 1)), { id: nextId++, level, text, at: new Date().toISOString() }]);
  }, []);
  const clear = useCallback(() => setEntries([]), []);

  // Restored once: a second store (React's StrictMode mounts the page twice in development) must not add the saved lines again.
  const restoredOnce = useRef(false);
  useEffect(() => {
    if (!store) return;
    let live = true;
    void getJson<Omit<LogEntry, 'id'>[]>(store, KEY).then((saved) => {
      if (!live || restoredOnce.current) return;
      restoredOnce.current = true;
      const restored = (Array.isArray(saved) ? saved : []).filter((e) => typeof e?.text === 'string').map((e) => ({ ...e, id: nextId++ }));
      setEntries((now) => [...restored, ...now].slice(-KEEP));
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [store]);

  // Written a moment after the last message, not once per message.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!store || !loaded) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void putJson(store, KEY, entries.map(({ level, text, at }) => ({ level, text, at }))), 250);
    return () => clearTimeout(timer.current);
  }, [store, loaded, entries]);

  return { entries, log, clear };
}
