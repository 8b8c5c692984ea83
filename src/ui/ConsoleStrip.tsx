import { useEffect, useRef } from 'react';
import type { LogEntry } from './hooks/useConsoleLog';

export function ConsoleStrip({ entries, onClear }: { entries: readonly LogEntry[]; onClear: () => void }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // Newer browsers return a promise from scrollIntoView; an effect must return nothing.
    void end.current?.scrollIntoView({ block: 'nearest' });
  }, [entries]);
  return (
    <section className="console" aria-label="Console">
      <div className="console-head">
        <h2>Console</h2>
        <button type="button" className="link" onClick={onClear} disabled={entries.length === 0}>clear</button>
      </div>
      <ol role="log" aria-live="polite" data-testid="console">
        {entries.map((e) => (
          <li key={e.id} className={e.level}>
            <time>{e.time}</time> {e.text}
          </li>
        ))}
        <li ref={end} className="console-end" aria-hidden="true" />
      </ol>
    </section>
  );
}
