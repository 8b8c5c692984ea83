/**
 * "Compare two runs" in the history: pick two runs of this kernel (the last
 * two unless you pick others) and see how their speed changed, in words and
 * figures, with a note when a median is shaky or a run was incorrect; which
 * parameters, constants, device or timing method differ; and the code that
 * ran, as a diff (for your own kernels the sidecar and reference too, when
 * they differ). The logic is in bench/results/run-diff.ts; this shows it.
 *
 * Runs saved before records kept their code are recovered from any other
 * text with the same fingerprint (another run, the library's source, the
 * draft); where none matches, the panel says the code was not kept.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import type { RunRecord } from '../bench/run/record';
import { fileChanges, recoverFiles, speedChange, valueChanges, settingChanges, type FileChange, type FileTexts } from '../bench/results/run-diff';
import { versionKey } from '../bench/results/versions';
import type { KernelDraft } from '../store/store';
import { formatBandwidth, formatFlops, formatTime } from './format';
import { useDarkMode } from './hooks/useDarkMode';

const CodeDiff = lazy(() => import('./CodeDiff'));

const written = (values: Readonly<Record<string, number>>): string => Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ');

interface Picked {
  readonly kernel: string;
  readonly a: number;
  readonly b: number;
}

export function RunDiffPanel({ kernel, history, labels, custom, library, draft, onOpen }: {
  kernel: string;
  history: readonly RunRecord[];
  labels: ReadonlyMap<string, string>;
  custom: boolean;
  /** The library's source and the draft: texts older runs' code may be recovered from by fingerprint. */
  library: string | undefined;
  draft: KernelDraft | undefined;
  /** "Open" a run: its code, parameters and constants as a shared kernel beside your own. */
  onOpen?: (run: RunRecord, origin: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const current = useMemo((): FileTexts[] => [
    ...(library !== undefined ? [{ wgsl: library }] : []),
    ...(draft ? [{ wgsl: draft.source, sidecar: draft.sidecar ?? '', referenceModule: draft.reference ?? '' }] : []),
  ], [library, draft]);
  const [picked, setPicked] = useState<Picked>();
  const n = history.length;
  // The last two, until others are picked (and again after a clear or another kernel).
  const valid = picked && picked.kernel === kernel && picked.a < n && picked.b < n;
  const ia = valid ? picked.a : n - 2;
  const ib = valid ? picked.b : n - 1;
  const pick = (side: 'a' | 'b', index: number): void => setPicked({ kernel, a: side === 'a' ? index : ia, b: side === 'b' ? index : ib });

  const version = (r: RunRecord): string => labels.get(versionKey(r)) ?? '?';
  const optionText = (r: RunRecord, i: number): string => `#${i + 1} ${version(r)} · ${written(r.params) || 'no parameters'} · ${formatTime(r.medianMs)}${r.correct ? '' : ' · incorrect'}`;

  return (
    <div className="run-diff" data-testid="run-diff">
      <button type="button" className="link" aria-expanded={open} aria-controls="run-diff-body" onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} Compare two runs
      </button>
      {open && (
        <div id="run-diff-body" role="group" aria-label="Compare two runs">
          <div className="run-diff-picks">
            {(['a', 'b'] as const).map((side) => (
              <label key={side}>
                {side === 'a' ? 'From' : 'to'}{' '}
                <select value={side === 'a' ? ia : ib} onChange={(e) => pick(side, Number(e.target.value))} data-testid={`run-diff-${side}`}>
                  {history.map((r, i) => <option key={`${r.time}-${i}`} value={i}>{optionText(r, i)}</option>)}
                </select>
              </label>
            ))}
          </div>
          {onOpen && (
            <p className="run-diff-open">
              {[ia, ib].filter((i, k) => k === 0 || i !== ia).map((i) => (
                <button key={i} type="button" className="link" disabled={history[i]!.wgsl === undefined} onClick={() => onOpen(history[i]!, `run #${i + 1} of ${kernel} in your history`)} data-testid="open-history-run">
                  Open run #{i + 1}
                </button>
              ))}
            </p>
          )}
          {ia === ib ? (
            <p className="muted">Pick two different runs.</p>
          ) : (
            <RunPair a={history[ia]!} b={history[ib]!} names={{ a: `run #${ia + 1} (${version(history[ia]!)})`, b: `run #${ib + 1} (${version(history[ib]!)})` }} history={history} custom={custom} current={current} />
          )}
        </div>
      )}
    </div>
  );
}

function RunPair({ a, b, names, history, custom, current }: {
  a: RunRecord;
  b: RunRecord;
  names: { readonly a: string; readonly b: string };
  history: readonly RunRecord[];
  custom: boolean;
  current: readonly FileTexts[];
}) {
  const dark = useDarkMode();
  const speed = speedChange(a, b, names);
  const values = valueChanges(a, b);
  const settings = settingChanges(a, b);
  const sameText = values.same.map((v) => `${v.name}=${v.value}`).join(', ');
  const files = useMemo(() => {
    const candidates = [...history, ...current];
    return fileChanges(a, b, { a: recoverFiles(a, candidates), b: recoverFiles(b, candidates) }, custom);
  }, [a, b, history, current, custom]);
  const rates = (r: RunRecord) => [
    ...(a.flops > 0 || b.flops > 0 ? [['FLOP/s', formatFlops(r.gflops)]] : []),
    ['B/s', formatBandwidth(r.gbps)],
  ];
  return (
    <div className="run-pair">
      <p className="run-diff-speed" data-testid="run-diff-speed"><strong>{speed.sentence}</strong></p>
      {speed.notes.length > 0 && (
        <ul className="run-diff-notes" data-testid="run-diff-notes">
          {speed.notes.map((note) => <li key={note}><span aria-hidden="true">⚠ </span>{note}</li>)}
        </ul>
      )}
      <table className="compare-table" data-testid="run-diff-figures">
        <caption className="visually-hidden">Figures of the two runs</caption>
        <thead><tr><th scope="col"></th><th scope="col">{names.a}</th><th scope="col">{names.b}</th></tr></thead>
        <tbody>
          <tr><th scope="row">median</th><td>{formatTime(a.medianMs)}</td><td>{formatTime(b.medianMs)}</td></tr>
          {rates(a).map(([unit, va], i) => (
            <tr key={unit}><th scope="row">{unit}</th><td>{va}</td><td>{rates(b)[i]?.[1]}</td></tr>
          ))}
        </tbody>
      </table>
      <h3 className="run-diff-heading">What differs</h3>
      {values.changed.length === 0 && settings.length === 0 ? (
        <p className="muted" data-testid="run-diff-same">The same parameters and constants{sameText ? ` (${sameText})` : ''}, on the same device, timed the same way.</p>
      ) : (
        <table className="compare-table" data-testid="run-diff-values">
          <thead><tr><th scope="col">what</th><th scope="col">{names.a}</th><th scope="col">{names.b}</th></tr></thead>
          <tbody>
            {values.changed.map((c) => (
              <tr key={`${c.kind}:${c.name}`}>
                <th scope="row">{c.kind} <code>{c.name}</code></th>
                <td>{c.a ?? <span className="muted" title="not in this run">—</span>}</td>
                <td>{c.b ?? <span className="muted" title="not in this run">—</span>}</td>
              </tr>
            ))}
            {settings.map((s) => (
              <tr key={s.what}><th scope="row">{s.what}</th><td>{s.a}</td><td>{s.b}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {values.changed.length > 0 && sameText && <p className="muted" data-testid="run-diff-same">The same in both: {sameText}.</p>}
      {files.map((f) => <FileDiff key={f.file} change={f} names={names} custom={custom} dark={dark} />)}
    </div>
  );
}

function FileDiff({ change, names, custom, dark }: { change: FileChange; names: { readonly a: string; readonly b: string }; custom: boolean; dark: boolean }) {
  const file = <code>{change.file}</code>;
  const what = change.file === 'kernel.wgsl' ? 'code' : 'files';
  if (change.status === 'same') {
    return <p className="muted" data-testid="run-diff-file">{custom ? <>{file}: the same in both runs.</> : 'The same code in both runs.'}</p>;
  }
  if (change.status === 'not kept') {
    const who = change.missing.map((m) => names[m]).join(' and ');
    return (
      <p className="muted" data-testid="run-diff-file">
        {file}: {who} {change.missing.length === 1 ? 'was' : 'were'} saved before runs kept their {what}, so there is nothing to compare it with.
      </p>
    );
  }
  return (
    <div className="run-diff-file" data-testid="run-diff-file">
      <h3 className="run-diff-heading">{file} <span className="muted">{names.a} → {names.b}</span></h3>
      <Suspense fallback={<p className="muted">Loading the diff…</p>}>
        <CodeDiff
          original={change.a ?? ''}
          modified={change.b ?? ''}
          language={change.file === 'kernel.wgsl' ? 'wgsl' : 'javascript'}
          originalName={`${change.file} of ${names.a}`}
          modifiedName={names.b}
          dark={dark}
          compact
          tabMovesFocus
        />
      </Suspense>
    </div>
  );
}
