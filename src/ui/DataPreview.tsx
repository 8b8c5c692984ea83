/**
 * The rows of a loaded table, virtualised (@tanstack/react-virtual): only the
 * rows in view are drawn, each cell read with Arrow's `get`, which honours the
 * null bitmap. A list cell shows its first values and its length. Browsers cap
 * an element's height near 33 million pixels, so the preview scrolls through
 * the first MAX_ROWS rows and says so.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { DataType } from 'apache-arrow';
import { useMemo, useRef } from 'react';
import { cellText } from './data-format';
import { formatCount } from './format';
import type { LoadedDataFile } from './hooks/useDataFiles';

/** Pixels per row (CSS px); the stylesheet gives rows this height. */
const ROW = 26;
/** Rows the preview scrolls through: 1,150,000 × 26 px stays under the browsers' height cap. */
const MAX_ROWS = 1_150_000;

export function DataPreview({ file }: { file: LoadedDataFile }) {
  const { table } = file;
  const scroller = useRef<HTMLDivElement>(null);
  const n = Math.min(MAX_ROWS, table.numRows);
  const columns = useMemo(() => table.schema.fields.map((f, i) => ({
    name: f.name,
    vector: table.getChildAt(i),
    em: DataType.isFixedSizeList(f.type) || DataType.isList(f.type) ? 14 : DataType.isUtf8(f.type) ? 10 : 7,
  })), [table]);
  const template = ['4.5em', ...columns.map((c) => `minmax(${c.em}em, 1fr)`)].join(' ');
  const minWidth = `${4.5 + columns.reduce((s, c) => s + c.em, 0)}em`;
  // oxlint-disable-next-line react/incompatible-library -- no React Compiler here, and the virtualizer never leaves this component.
  const virtualizer = useVirtualizer({ count: n, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10, scrollMargin: ROW });
  return (
    <>
      <h3 className="data-preview-head">Rows {table.numRows > n && <span className="muted small">(the first {formatCount(n)} of {formatCount(table.numRows)})</span>}</h3>
      <div ref={scroller} className="data-preview" role="table" aria-label={`Rows of ${file.name}`} aria-rowcount={n + 1} tabIndex={0} data-testid="data-preview">
        <div role="rowgroup" className="data-preview-head-row">
          <div role="row" aria-rowindex={1} className="data-row" style={{ gridTemplateColumns: template, minWidth }}>
            <span role="columnheader">row</span>
            {columns.map((c) => <span role="columnheader" key={c.name}>{c.name}</span>)}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), minWidth, position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => (
            <div key={v.index} role="row" aria-rowindex={v.index + 2} data-index={v.index} className="data-row" style={{ gridTemplateColumns: template, transform: `translateY(${v.start - ROW}px)` }}>
              <span role="cell" className="muted">{formatCount(v.index)}</span>
              {columns.map((c) => {
                const text = cellText(c.vector?.get(v.index));
                return <span role="cell" key={c.name} className={text === '∅' ? 'muted' : undefined} title={text === '∅' ? 'null' : undefined}>{text}</span>;
              })}
            </div>
          ))}
        </div>
      </div>
    </>
  );
}
