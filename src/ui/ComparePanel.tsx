/**
 * Compare this kernel's runs with a results file from elsewhere: the runner's
 * `--json`, or another browser's "Export JSON" (a workshop laptop beside the
 * instructor's GPU). Per shape: the baseline's median and device, this page's
 * latest run at that shape, and which is faster by how much, in words (a
 * bare ratio leaves the reader guessing its direction). A file that is not a results file
 * is named and explained here; nothing already loaded or measured is touched.
 * The file survives a reload until "Forget" is pressed.
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import type { RunRecord } from '../bench/run/record';
import { judgeReliability, relativeNoise, speedComparison } from '../bench/results/reliability';
import type { ResultEntry, ResultsFile } from '../bench/results/schema';
import { toEntry } from '../bench/results/entries';
import { parseResultsFile } from '../bench/results/parse';
import { compareResults, shapeKey } from '../bench/results/compare';
import { adapterName } from '../gpu/device';
import { getJson, putJson, type Store } from '../store/store';
import { formatTime } from './format';
import { messageOf } from '../gpu/errors';

/** The loaded file is kept, like the rest of the page's data, until it is forgotten. */
const KEY = 'compare:file';

interface Loaded {
  readonly name: string;
  readonly file: ResultsFile;
}

export function ComparePanel({ kernel, history, store }: { kernel: string; history: readonly RunRecord[]; store: Store | undefined }) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    if (!store) return;
    let live = true;
    void getJson<Loaded | null>(store, KEY).then((saved) => {
      if (!live || !saved) return;
      try {
        // Checked again: it may have been saved by an older version of the page.
        setLoaded({ name: saved.name, file: parseResultsFile(saved.file, saved.name) });
      } catch {
        // Not comparable any more: start without it.
      }
    });
    return () => {
      live = false;
    };
  }, [store]);

  const keep = (next: Loaded | undefined): void => {
    setLoaded(next);
    if (store) void putJson(store, KEY, next ?? null);
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>): void => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    void f.text().then((text) => {
      try {
        keep({ name: f.name, file: parseResultsFile(JSON.parse(text), f.name) });
        setProblem(undefined);
      } catch (err) {
        const why = err instanceof SyntaxError ? `${f.name} is not JSON: ${err.message}` : messageOf(err);
        setProblem(`${why}${loaded ? ` Still comparing with ${loaded.name}.` : ''}`);
      }
    });
  };

  const baseline = loaded?.file.results.filter((r) => r.kernel === kernel && r.medianMs !== null) ?? [];
  // This page's latest run per shape.
  const latest = new Map(history.map((r) => [shapeKey(r.kernel, r.params), toEntry(r)]));
  const rows = compareResults([...latest.values()], baseline);
  const there = new Map(baseline.map((b) => [shapeKey(b.kernel, b.params), b]));
  // A side whose median is unreliable is marked, with why, on its own cell.
  const noisy = (e: ResultEntry | undefined): string | undefined => {
    const r = e && judgeReliability(e);
    return r && !r.reliable ? r.problems.join('; ') : undefined;
  };
  const timeCell = (ms: number | null, e: ResultEntry | undefined) => {
    const why = noisy(e);
    return <td>{ms === null ? '—' : formatTime(ms)}{why && <span className="noise-mark" title={why} data-testid="noise-mark"> ⚠ noisy</span>}</td>;
  };
  // Shapes are shown in the kernel's own parameter order (M N K), as the history shows them; keys only match them.
  const shapeText = (params: Readonly<Record<string, number>>): string => Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ') || '—';
  const unmatched = [...new Set(baseline.filter((b) => !latest.has(shapeKey(b.kernel, b.params))).map((b) => shapeText(b.params)))];

  return (
    <div className="compare" data-testid="compare">
      <label>
        Compare with a results file <input type="file" accept=".json,application/json" onChange={onFile} />
      </label>
      {problem && <p className="field-error" role="alert" data-testid="compare-problem">{problem}</p>}
      {loaded && (
        <div>
          <p className="muted">
            {loaded.name}: {adapterName(loaded.file.device)}
            {loaded.file.generatedBy ? `, ${loaded.file.generatedBy}` : ''}{loaded.file.generatedAt ? `, ${String(loaded.file.generatedAt).slice(0, 10)}` : ''}.{' '}
            <button type="button" className="link" onClick={() => keep(undefined)}>Forget</button>
            {baseline.length === 0 && ` It has no timed runs of ${kernel}.`}
          </p>
          {rows.some((r) => r.baselineMs !== null) && (
            <table className="compare-table" data-testid="compare-table">
              <thead><tr><th>shape</th><th>median here</th><th>median there</th><th title="from the two medians; within the noise when they differ by less than twice their standard error (from each side's CV and sample count; at least 5%)">which is faster</th></tr></thead>
              <tbody>
                {rows.filter((r) => r.baselineMs !== null).map((r) => {
                  const here = latest.get(r.key);
                  const base = there.get(r.key);
                  return (
                    <tr key={r.key}>
                      <td>{shapeText(r.params)}</td>
                      {timeCell(r.medianMs, here)}
                      {timeCell(r.baselineMs, base)}
                      <td>{r.speedup === null ? '—' : speedComparison(r.speedup, 'here', 'there', relativeNoise(here ?? {}, base ?? {}))}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {unmatched.length > 0 && (
            <p className="muted">
              Not run here yet: {unmatched.join('; ')}. Set those parameters and Run to compare.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
