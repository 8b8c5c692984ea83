/**
 * The rows of a loaded table, virtualised (@tanstack/react-virtual): only the
 * rows in view are drawn, each cell read with Arrow's `get`, which honours the
 * null bitmap. A list cell shows its first values and its length. The
 * virtualiser keeps an entry per row it may show, so a table of millions of
 * rows is shown WINDOW rows at a time (building a million entries would hold
 * the main thread for a tenth of a second), with a field to move the window.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { DataType } from 'apache-arrow';
import { useId, useMemo, useRef, useState } from 'react';
import { cellText } from './data-format';
import { formatCount } from './format';
import type { LoadedDataFile } from './hooks/useDataFiles';

/** Pixels per row (CSS px); the stylesheet gives rows this height. */
const ROW = 26;
/** Rows the preview scrolls through at a time. */
const WINDOW = 100_000;

export function DataPreview({ file }: { file: LoadedDataFile }) {
  const { table } = file;
  const scroller = useRef<HTMLDivElement>(null);
  const startId = useId();
  const [base, setBase] = useState(0);
  const total = table.numRows;
  const first = Math.min(base, Math.max(0, total - 1));
  const n = Math.min(WINDOW, total - first);
  const columns = useMemo(() => table.schema.fields.map((f, i) => ({
    name: f.name,
    vector: table.getChildAt(i),
    em: DataType.isFixedSizeList(f.type) || DataType.isList(f.type) ? 14 : DataType.isUtf8(f.type) ? 10 : 7,
  })), [table]);
  const template = ['5.5em', ...columns.map((c) => `minmax(${c.em}em, 1fr)`)].join(' ');
  const minWidth = `${5.5 + columns.reduce((s, c) => s + c.em, 0)}em`;
  // oxlint-disable-next-line react/incompatible-library -- no React Compiler here, and the virtualizer never leaves this component.
  const virtualizer = useVirtualizer({ count: n, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10, scrollMargin: ROW });
  const moveTo = (row: number): void => {
    setBase(Math.max(0, Math.min(total - 1, Math.floor(row))));
    scroller.current?.scrollTo(0, 0);
  };
  return (
    <>
      <h3 className="data-preview-head">Rows</h3>
      {total > WINDOW && (
        <p className="small muted data-window">
          Rows {formatCount(first)}–{formatCount(first + n - 1)} of {formatCount(total)}, {formatCount(WINDOW)} at a time.{' '}
          <label htmlFor={startId}>Start at row</label>{' '}
          <input id={startId} type="number" min={0} max={total - 1} step={WINDOW / 2} value={first} onChange={(e) => Number.isFinite(e.target.valueAsNumber) && moveTo(e.target.valueAsNumber)} data-testid="data-window-start" />
        </p>
      )}
      <div ref={scroller} className="data-preview" role="table" aria-label={`Rows of ${file.name}`} aria-rowcount={total + 1} tabIndex={0} data-testid="data-preview">
        <div role="rowgroup" className="data-preview-head-row">
          <div role="row" aria-rowindex={1} className="data-row" style={{ gridTemplateColumns: template, minWidth }}>
            <span role="columnheader">row</span>
            {columns.map((c) => <span role="columnheader" key={c.name}>{c.name}</span>)}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), minWidth, position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = first + v.index;
            return (
              <div key={row} role="row" aria-rowindex={row + 2} data-index={row} className="data-row" style={{ gridTemplateColumns: template, transform: `translateY(${v.start - ROW}px)` }}>
                <span role="cell" className="muted">{formatCount(row)}</span>
                {columns.map((c) => {
                  const text = cellText(c.vector?.get(row));
                  return <span role="cell" key={c.name} className={text === '∅' ? 'muted' : undefined} title={text === '∅' ? 'null' : undefined}>{text}</span>;
                })}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
