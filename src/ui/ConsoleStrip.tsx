import { useEffect, useRef } from 'react';
import type { LogEntry } from './hooks/useConsoleLog';

/** Today's messages show the time; older ones (kept over reloads) the date too. */
function when(iso: string): string {
  const d = new Date(iso);
  const time = d.toLocaleTimeString([], { hour12: false });
  return d.toDateString() === new Date().toDateString() ? time : `${d.toLocaleDateString()} ${time}`;
}

export function ConsoleStrip({ entries, onClear }: { entries: readonly LogEntry[]; onClear: () => void }) {
  const list = useRef<HTMLOListElement>(null);
  const newest = entries.at(-1)?.id;
  useEffect(() => {
    // Keep the newest message in view, scrolling the strip only (never the page).
    if (list.current && newest !== undefined) list.current.scrollTop = list.current.scrollHeight;
  }, [newest]);
  return (
    <section className="console" aria-label="Console">
      <div className="console-head">
        <h2>Console</h2>
        <button type="button" className="link" onClick={onClear} disabled={entries.length === 0}>clear</button>
      </div>
      <div role="log" aria-live="polite" aria-label="Console messages">
        <ol data-testid="console" ref={list} tabIndex={0}>
          {entries.map((e) => (
            <li key={e.id} className={e.level}>
              <time dateTime={e.at}>{when(e.at)}</time> {e.text}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
