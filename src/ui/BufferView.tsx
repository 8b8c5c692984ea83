/**
 * Look inside the buffers of the latest run of this kernel: each input and
 * output as a table (BufferTable) and, for a matrix, a heatmap
 * (BufferHeatmap); per element what it started from, held, should have
 * held, and its error; the mismatches highlighted, "Next mismatch" to walk
 * them, and the pattern of a failing check in one sentence (mismatch-pattern.ts).
 * The contents live in memory only: after a reload, or once another kernel
 * has run, the panel says to run again.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { BufferContents, RunContents } from '../bench/run/contents';
import { reportPattern, type Matrix, type PatternReport } from '../bench/run/mismatch-pattern';
import { findMismatches, nextMismatch, type ElementErrors } from '../bench/run/mismatches';
import { BufferHeatmap } from './BufferHeatmap';
import { BufferTable, type TableTarget } from './BufferTable';
import { formatDifference, formatValue } from './buffer-values';
import { formatCount } from './format';

/** Why there is nothing to show: the page was reloaded, or another kernel ran since. */
export type NoContents = 'reloaded' | 'released';

const NO_CONTENTS: Record<NoContents, string> = {
  reloaded: 'The buffers of a run are kept in memory only, so after a reload there are none to show. Run the kernel to look inside its buffers.',
  released: 'Only the latest run\'s buffers are kept in memory, and another kernel has run since. Run this one again to look inside its buffers.',
};

const matrixOf = (b: BufferContents): Matrix | undefined => (b.dims ? { rows: b.dims[0], columns: b.dims[1], offset: b.shape.prefixKinds.length } : undefined);

interface Checked {
  readonly errors: ElementErrors;
  readonly pattern: PatternReport;
}

/** Mismatches and their pattern for every checked buffer of a run, found once per run (O(n) each). */
function useChecked(contents: RunContents | undefined): ReadonlyMap<string, Checked> {
  return useMemo(() => new Map((contents?.buffers ?? []).flatMap((b) => {
    if (!b.got) return [];
    const errors = findMismatches({ got: b.got, expected: b.expected, terms: b.terms, shape: b.shape }, contents!.tolerance);
    return [[b.name, { errors, pattern: reportPattern(errors.status, errors.indices, matrixOf(b)) }] as const];
  })), [contents]);
}

export function BufferView({ contents, missing, previous, correct }: { contents: RunContents | undefined; missing: NoContents; previous: boolean; correct: boolean }) {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string>();
  // The element in view and where the table was asked to go: for one buffer of one run.
  const [selection, setSelection] = useState<{ readonly of: RunContents; readonly name: string; readonly index: number; readonly target: TableTarget }>();
  const [showValues, setShowValues] = useState(false);
  const checked = useChecked(contents);
  const buffers = contents?.buffers ?? [];
  // The one asked for, else the first with mismatches, else the first output.
  const buffer = buffers.find((b) => b.name === picked)
    ?? buffers.find((b) => (checked.get(b.name)?.errors.indices.length ?? 0) > 0)
    ?? buffers.find((b) => b.got) ?? buffers[0];
  const err = buffer && checked.get(buffer.name)?.errors;
  const report = buffer && checked.get(buffer.name)?.pattern;
  const matrix = buffer && matrixOf(buffer);
  const wrong = [...checked.entries()].filter(([, c]) => c.errors.indices.length > 0);
  const mine = selection && selection.of === contents && selection.name === buffer?.name ? selection : undefined;
  const current = mine?.index;

  const go = (index: number, focus: boolean): void => {
    if (!contents || !buffer) return;
    setSelection((s) => ({ of: contents, name: buffer.name, index, target: { index, focus, seq: (s?.target.seq ?? 0) + 1 } }));
  };
  const step = (direction: 1 | -1, focus: boolean): void => {
    const next = err && nextMismatch(err.indices, current ?? (direction === 1 ? -1 : buffer!.length), direction);
    if (next !== undefined) go(next, focus);
  };
  const pick = (name: string): void => {
    setPicked(name);
    setSelection(undefined);
  };
  const onTableKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'n' && e.key !== 'p') return;
    e.preventDefault();
    step(e.key === 'n' ? 1 : -1, true);
  };

  const at = current !== undefined && buffer ? describeElement(buffer, err, current) : undefined;
  return (
    <section className="panel buffers" aria-label="Buffers" data-testid="buffer-view">
      <div className="buffers-head">
        <h2>Buffers{previous && contents && <span className="muted"> (previous run)</span>}</h2>
        {contents && (
          <button type="button" aria-expanded={open} aria-controls="buffer-body" onClick={() => setOpen(!open)} data-testid="buffers-toggle">
            {open ? 'Hide' : 'Look inside'}
          </button>
        )}
      </div>
      {!contents ? (
        <p className="muted" data-testid="buffers-missing">{NO_CONTENTS[missing]}</p>
      ) : (
        <p className="buffers-glance" data-testid="buffers-glance">
          {wrong.length === 0
            ? `No element is beyond the tolerance in ${checked.size === 1 ? [...checked.keys()][0] : 'any output'}.`
            : wrong.map(([name, { errors: e, pattern }]) => {
                const counts = `${name}: ${formatCount(e.indices.length)} of ${formatCount(e.compared)} elements wrong${e.nonFinite ? ` (${formatCount(e.nonFinite)} NaN or ∞)` : ''}.`;
                // The pattern at a glance while the panel is closed; open, it stands over the table.
                return open ? counts : `${counts} ${pattern.sentence}`;
              }).join(' ')}
          {/* A few elements far off can hide in the norm of a large output: say which measure passed. */}
          {correct && wrong.length > 0 && ' The check passed all the same: over all elements together the error is within the tolerance.'}
          {' '}<span className="muted">From the check run {contents.run} (seed {contents.seed}){contents.run === 'after timing' ? ', the one that failed' : ''}.</span>
        </p>
      )}
      {contents && buffer && open && (
        <div id="buffer-body" className="buffer-body">
          <div className="buffer-picker" role="group" aria-label="Buffer">
            {buffers.map((b) => {
              const n = checked.get(b.name)?.errors.indices.length ?? 0;
              return (
                <button type="button" key={b.name} aria-pressed={b === buffer} onClick={() => pick(b.name)}>
                  <code>{b.name}</code> <span className="muted">{b.role}{b.dims ? ` ${b.dims[0]}×${b.dims[1]}` : ''}</span>
                  {n > 0 && <span className="bad"> {formatCount(n)} ✗</span>}
                </button>
              );
            })}
          </div>
          {err && (
            <>
              <p className={err.indices.length > 0 ? 'buffer-pattern bad' : 'buffer-pattern'} data-testid="buffer-pattern">
                <span data-testid="mismatch-count">{formatCount(err.indices.length)} mismatch{err.indices.length === 1 ? '' : 'es'}</span> of {formatCount(err.compared)} values. {report?.sentence}
              </p>
              <div className="buffer-nav">
                <button type="button" onClick={() => step(-1, false)} disabled={err.indices.length === 0}>Previous mismatch</button>
                <button type="button" onClick={() => step(1, false)} disabled={err.indices.length === 0} data-testid="next-mismatch">Next mismatch</button>
                <span className="muted small">or n / p in the table</span>
              </div>
            </>
          )}
          <p className="buffer-current" role="status" data-testid="buffer-current">{at ?? ''}</p>
          {matrix && (
            <>
              {buffer.got && buffer.expected && (
                <label className="heatmap-mode"><input type="checkbox" checked={showValues} onChange={(e) => setShowValues(e.target.checked)} /> colour by the values instead of the error</label>
              )}
              <BufferHeatmap
                label={heatmapLabel(buffer, err, matrix, showValues)}
                rows={matrix.rows}
                columns={matrix.columns}
                offset={matrix.offset}
                mode={err?.excess && !showValues ? 'error' : 'values'}
                data={err?.excess && !showValues ? err.excess : (buffer.got ?? buffer.start!)}
                status={err?.status}
                current={current}
                onPick={(i) => go(i, false)}
              />
            </>
          )}
          <BufferTable key={`${contents.seed}:${buffer.name}`} buffer={buffer} errors={err} current={current} target={mine?.target} onKeyDown={onTableKey} onPick={(i) => go(i, false)} />
        </div>
      )}
    </section>
  );
}

function heatmapLabel(b: BufferContents, err: ElementErrors | undefined, m: Matrix, values: boolean): string {
  const what = err?.excess && !values ? 'error in tolerances' : b.got ? 'values after the run' : 'values';
  return `Heatmap of ${b.name}'s ${what}, ${m.rows} rows by ${m.columns} columns${err ? `, ${formatCount(err.indices.length)} mismatches` : ''}.`;
}

/** The element asked for, in words: where it is, what it held and should have. */
function describeElement(b: BufferContents, err: ElementErrors | undefined, i: number): string {
  const m = matrixOf(b);
  const k = m ? i - m.offset : -1;
  const where = m && k >= 0 && k < m.rows * m.columns ? ` (row ${Math.floor(k / m.columns)}, column ${k % m.columns})` : '';
  const rank = err ? err.indices.indexOf(i) : -1;
  const which = rank >= 0 ? `Mismatch ${formatCount(rank + 1)} of ${formatCount(err!.indices.length)}: ` : '';
  const held = b.got ? `: got ${formatValue(b.got[i]!)}` : b.start ? `: ${formatValue(b.start[i]!)}` : '';
  const expected = b.got && b.expected ? `, expected ${formatValue(b.expected[i]!)} (${formatDifference(b.got[i]! - b.expected[i]!)})` : '';
  return `${which}${b.name} index ${i}${where}${held}${expected}.`;
}
