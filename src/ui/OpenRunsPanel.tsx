/**
 * "Open a run from a results file": the runs in a JSON, Arrow or Parquet
 * results file (the runner's or another page's export), each with "Open",
 * which opens its code, parameters and constants as a shared kernel beside
 * your own (nothing of yours is replaced). Runs saved before results kept
 * their code can only be named, not opened.
 */
import { useState, type ChangeEvent } from 'react';
import type { RunRow } from '../bench/results/parse';
import { formatTime } from './format';
import { messageOf } from '../gpu/errors';

export function OpenRunsPanel({ onOpen }: { onOpen: (run: RunRow, origin: string) => Promise<string | undefined> }) {
  const [loaded, setLoaded] = useState<{ name: string; runs: readonly RunRow[] }>();
  const [problem, setProblem] = useState<string>();

  const onFile = (e: ChangeEvent<HTMLInputElement>): void => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    void import('./open-runs').then(({ readRunsFile }) => readRunsFile(f)).then(
      (runs) => {
        setLoaded({ name: f.name, runs });
        setProblem(undefined);
      },
      (err: unknown) => setProblem(`${messageOf(err)}${loaded ? ` The runs of ${loaded.name} are still listed.` : ''}`),
    );
  };
  const open = (run: RunRow, i: number): void => {
    if (!loaded) return;
    void onOpen(run, `${loaded.name}, row ${i + 1}`).then((why) => setProblem(why));
  };
  const shape = (p: Readonly<Record<string, number>>): string => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ') || '—';

  return (
    <div className="open-runs" data-testid="open-runs">
      <label>
        Open a run from a results file <input type="file" accept=".json,.arrow,.parquet,application/json" onChange={onFile} data-testid="open-runs-file" />
      </label>
      {problem && <p className="field-error" role="alert" data-testid="open-runs-problem">{problem}</p>}
      {loaded && (
        <div className="open-runs-list">
          <p className="muted">
            {loaded.name}: {loaded.runs.length} run{loaded.runs.length === 1 ? '' : 's'}.{' '}
            <button type="button" className="link" onClick={() => setLoaded(undefined)}>Close</button>
          </p>
          <table className="compare-table">
            <thead><tr><th>kernel</th><th>shape</th><th>median</th><th>check</th><th><span className="visually-hidden">open</span></th></tr></thead>
            <tbody>
              {loaded.runs.map((r, i) => (
                <tr key={i}>
                  <td><code>{r.kernel}</code></td>
                  <td>{shape(r.params)}</td>
                  <td>{r.medianMs === null ? '—' : formatTime(r.medianMs)}</td>
                  <td>{r.medianMs === null ? 'failed' : r.correct ? '✓' : '✗'}</td>
                  <td>
                    <button type="button" onClick={() => open(r, i)} disabled={r.wgsl === undefined} title={r.wgsl === undefined ? 'Saved before results kept their code: only its hash is known.' : 'Open its code, parameters and constants beside your own'}>
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
