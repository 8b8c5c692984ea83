/**
 * One buffer as a table, one row per host value: index (and row, column for
 * a matrix), what it started from, what it held, what was expected, the
 * difference and the error in tolerances. Virtualised (@tanstack/react-virtual):
 * only the rows in view exist, so a million values scroll. Browsers cap an
 * element's height near 33 million pixels, so past WINDOW rows the table
 * shows a window of them around the element asked for.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { describeValue } from '../bench/run/check';
import type { BufferContents } from '../bench/run/contents';
import { BEYOND, NON_FINITE, PADDING, type ElementErrors } from '../bench/run/mismatches';
import { formatDifference, formatExcess, formatValue } from './buffer-values';
import { formatCount } from './format';

/** Pixels per row (CSS px); the stylesheet gives rows this height. */
const ROW = 28;
/**
 * Rows one scroll height holds under the browsers' cap (33,554,432 px in
 * Chromium): 1,150,000 × 28 px ≈ 32.2 M px, so a 1024×1024 matrix scrolls end to end.
 */
const WINDOW = 1_150_000;

/** Where to scroll: an element, and whether to move keyboard focus to its row. `seq` makes the same element a new request. */
export interface TableTarget {
  readonly index: number;
  readonly focus: boolean;
  readonly seq: number;
}

interface Column {
  readonly label: string;
  /** What the heading means, where its text is short. */
  readonly title?: string;
  /** Width in em; number columns grow to share what is left. */
  readonly em: number;
  readonly grow?: boolean;
  readonly text: (i: number) => string;
}

const STATUS_TEXT: Record<number, string> = { [BEYOND]: '✗', [NON_FINITE]: '✗', [PADDING]: 'pad' };

function columnsOf(b: BufferContents, errors: ElementErrors | undefined): Column[] {
  const integer = b.shape.scalar === 'u32' || b.shape.scalar === 'i32';
  const named = b.shape.kinds.length > 1 || b.shape.prefixKinds.length > 0;
  const offset = b.shape.prefixKinds.length;
  const cols: Column[] = [
    { label: '✗', title: 'mismatch', em: 2.2, text: (i) => STATUS_TEXT[errors?.status[i] ?? 0] ?? '' },
    { label: named ? 'element' : 'index', em: named ? 8 : 4.5, text: (i) => (named ? describeValue(b.name, b.shape, i) : String(i)) },
  ];
  if (b.dims) {
    const [rows, columns] = b.dims;
    const inside = (i: number): boolean => i >= offset && i < offset + rows * columns;
    cols.push({ label: 'row', em: 3, text: (i) => (inside(i) ? String(Math.floor((i - offset) / columns)) : '') });
    cols.push({ label: 'col', em: 3, text: (i) => (inside(i) ? String((i - offset) % columns) : '') });
  }
  const { start, got, expected } = b;
  if (start) cols.push({ label: got ? 'start' : 'value', em: 7, grow: true, text: (i) => formatValue(start[i]!, integer) });
  if (got) cols.push({ label: 'got', em: 7, grow: true, text: (i) => formatValue(got[i]!, integer) });
  if (got && expected) {
    cols.push({ label: 'expected', em: 7, grow: true, text: (i) => (errors?.status[i] === PADDING ? '' : formatValue(expected[i]!)) });
    cols.push({ label: 'difference', title: 'got − expected', em: 6, grow: true, text: (i) => (errors?.status[i] === PADDING ? '' : formatDifference(got[i]! - expected[i]!)) });
    cols.push({ label: '× tol', title: "the error in tolerances: |got − expected| / (tolerance × the element's scale); over 1 is a mismatch", em: 4.5, text: (i) => formatExcess(errors?.excess?.[i] ?? Number.NaN) });
  }
  return cols;
}

export function BufferTable({ buffer, errors, current, target, onKeyDown, onPick }: {
  buffer: BufferContents;
  errors: ElementErrors | undefined;
  current: number | undefined;
  target: TableTarget | undefined;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
  onPick: (index: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [base, setBase] = useState(0);
  const n = buffer.length;
  const shown = Math.min(WINDOW, n - base);
  const columns = useMemo(() => columnsOf(buffer, errors), [buffer, errors]);
  const template = columns.map((c) => (c.grow ? `minmax(${c.em}em, 1fr)` : `${c.em}em`)).join(' ');
  const minWidth = `${columns.reduce((s, c) => s + c.em, 0)}em`;
  // oxlint-disable-next-line react/incompatible-library -- no React Compiler here, and the virtualizer never leaves this component.
  const virtualizer = useVirtualizer({ count: shown, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12, scrollMargin: ROW });

  // A target outside the window moves the window first.
  useEffect(() => {
    if (target && (target.index < base || target.index >= base + WINDOW)) setBase(Math.max(0, Math.min(n - WINDOW, target.index - WINDOW / 2)));
  }, [target, base, n]);
  useEffect(() => {
    if (!target || target.index < base || target.index >= base + WINDOW) return;
    virtualizer.scrollToIndex(target.index - base, { align: 'center' });
    if (!target.focus) return;
    // The row exists once the virtualizer has drawn the rows at the new scroll position.
    let tries = 0;
    let frame = 0;
    const focusRow = (): void => {
      const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${target.index}"]`);
      if (row) row.focus({ preventScroll: true });
      else if (tries++ < 20) frame = requestAnimationFrame(focusRow);
    };
    frame = requestAnimationFrame(focusRow);
    return () => cancelAnimationFrame(frame);
  }, [target, base, virtualizer]);

  return (
    <>
      {n > WINDOW && (
        <p className="muted small">
          Rows {formatCount(base)}–{formatCount(base + shown - 1)} of {formatCount(n)}: a table scrolls through {formatCount(WINDOW)} at a time; "Next mismatch", the heatmap and these move it:{' '}
          <button type="button" className="link" disabled={base === 0} onClick={() => setBase(Math.max(0, base - WINDOW / 2))}>earlier rows</button>{' '}
          <button type="button" className="link" disabled={base + shown >= n} onClick={() => setBase(Math.min(n - WINDOW, base + WINDOW / 2))}>later rows</button>
        </p>
      )}
      <div ref={scroller} className="buffer-table" role="table" aria-label={`${buffer.name}, ${formatCount(n)} values`} aria-rowcount={n + 1} tabIndex={0} onKeyDown={onKeyDown} data-testid="buffer-table">
        <div role="rowgroup" className="buffer-table-head">
          <div role="row" aria-rowindex={1} className="buffer-row" style={{ gridTemplateColumns: template, minWidth }}>
            {columns.map((c) => <span role="columnheader" key={c.label} title={c.title} aria-label={c.title === 'mismatch' ? c.title : undefined}>{c.label}</span>)}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), minWidth, position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const i = base + v.index;
            const s = errors?.status[i];
            const cls = s === BEYOND || s === NON_FINITE ? ' mismatch' : s === PADDING ? ' padding' : '';
            return (
              <div
                key={i}
                role="row"
                aria-rowindex={i + 2}
                aria-current={i === current ? 'true' : undefined}
                tabIndex={-1}
                data-index={i}
                className={`buffer-row${cls}${i === current ? ' current' : ''}`}
                style={{ gridTemplateColumns: template, transform: `translateY(${v.start - ROW}px)` }}
                onClick={() => onPick(i)}
              >
                {columns.map((c) => {
                  const text = c.text(i);
                  return <span role="cell" key={c.label} aria-label={text === '✗' ? 'mismatch' : undefined}>{text}</span>;
                })}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
