import { useCallback, useState } from 'react';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly id: number;
  readonly level: LogLevel;
  readonly text: string;
  readonly time: string;
}

export type Log = (level: LogLevel, text: string) => void;

const KEEP = 200;
let nextId = 1;

/** The console strip under the editor: the latest messages, newest last. */
export function useConsoleLog(): { entries: readonly LogEntry[]; log: Log; clear: () => void } {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const log = useCallback<Log>((level, text) => {
    const time = new Date().toLocaleTimeString([], { hour12: false });
    setEntries((prev) => [...prev.slice(-(KEEP - 1)), { id: nextId++, level, text, time }]);
  }, []);
  const clear = useCallback(() => setEntries([]), []);
  return { entries, log, clear };
}
