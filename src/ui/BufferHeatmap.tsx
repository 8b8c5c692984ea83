/**
 * A matrix buffer as a heatmap on one canvas: one pixel per element (a block
 * of elements per pixel past 256 a side, showing its worst error or its
 * largest value), scaled up without smoothing, so a 1024×1024 output is one
 * ImageData and no React element per value. Clicking a pixel picks that
 * element in the table; the table and "Next mismatch" are the keyboard's way.
 */
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { NON_FINITE, PADDING } from '../bench/run/mismatches';
import { cssColor, excessColor, formatValue, PALETTE, valueColor, type Rgb } from './buffer-values';

/**
 * Pixels per side at most; bigger matrices are drawn in blocks, each showing
 * its worst element. Never more than the frame shows (22rem, about 350 CSS
 * px): a canvas scaled down by the browser drops whole rows and columns of
 * pixels, and with them mismatches (every 64th column of a 1024-wide matrix).
 */
const MAX_SIDE = 256;
/** The drawn shape's aspect is kept between 1:40 and 40:1, so a strip of a vector stays visible. */
const MAX_ASPECT = 40;

export interface HeatmapProps {
  readonly label: string;
  readonly rows: number;
  readonly columns: number;
  /** Host-value index of row 0, column 0. */
  readonly offset: number;
  /** 'error': `data` holds each element's error in tolerances; 'values': the values themselves. */
  readonly mode: 'error' | 'values';
  readonly data: ArrayLike<number>;
  /** Padding and non-finite values, per host value (mismatches.ts ElementStatus). */
  readonly status: Uint8Array | undefined;
  readonly current: number | undefined;
  readonly onPick: (index: number) => void;
}

interface Drawn {
  readonly image: ImageData | undefined;
  readonly width: number;
  readonly height: number;
  readonly block: readonly [number, number];
  /** The values' range, for the legend (values mode). */
  readonly range: number;
}

function draw(p: Pick<HeatmapProps, 'rows' | 'columns' | 'offset' | 'mode' | 'data' | 'status'>): Drawn {
  const bx = Math.ceil(p.columns / MAX_SIDE);
  const by = Math.ceil(p.rows / MAX_SIDE);
  const width = Math.ceil(p.columns / bx);
  const height = Math.ceil(p.rows / by);
  // Per pixel: the worst error, or the value of largest magnitude; padding only where nothing else is.
  const cell = new Float64Array(width * height).fill(Number.NaN);
  const rank = new Float64Array(width * height).fill(-1);
  let range = 0;
  for (let r = 0; r < p.rows; r++) {
    const row = Math.floor(r / by) * width;
    for (let c = 0; c < p.columns; c++) {
      const i = p.offset + r * p.columns + c;
      const s = p.status?.[i];
      if (s === PADDING) continue;
      const v = s === NON_FINITE ? Number.POSITIVE_INFINITY : Number(p.data[i]);
      const k = row + Math.floor(c / bx);
      const weight = Number.isNaN(v) ? Number.POSITIVE_INFINITY : Math.abs(v);
      if (weight > rank[k]!) {
        rank[k] = weight;
        cell[k] = v;
      }
      if (p.mode === 'values' && Number.isFinite(v)) range = Math.max(range, Math.abs(v));
    }
  }
  if (typeof ImageData === 'undefined') return { image: undefined, width, height, block: [by, bx], range };
  const image = new ImageData(width, height);
  for (let k = 0; k < cell.length; k++) {
    const v = cell[k]!;
    const rgb: Rgb = rank[k]! < 0 ? PALETTE.padding : p.mode === 'error' ? excessColor(Number.isNaN(v) ? Number.POSITIVE_INFINITY : v) : valueColor(v, range);
    const d = image.data;
    d[4 * k] = rgb[0];
    d[4 * k + 1] = rgb[1];
    d[4 * k + 2] = rgb[2];
    d[4 * k + 3] = 255;
  }
  return { image, width, height, block: [by, bx], range };
}

function Legend({ mode, range, block, padded }: { mode: HeatmapProps['mode']; range: number; block: readonly [number, number]; padded: boolean }) {
  const gradient = (a: Rgb, b: Rgb): string => `linear-gradient(to right, ${cssColor(a)}, ${cssColor(b)})`;
  return (
    <ul className="heatmap-legend" aria-label="Legend">
      {mode === 'error' ? (
        <>
          <li><span className="swatch" style={{ background: gradient(PALETTE.withinLow, PALETTE.withinHigh) }} /> within tolerance (10⁻³ → 1×)</li>
          <li><span className="swatch" style={{ background: gradient(PALETTE.beyondLow, PALETTE.beyondHigh) }} /> mismatch (1× → 10³× the tolerance)</li>
        </>
      ) : (
        <li>
          <span className="swatch wide" style={{ background: `linear-gradient(to right, ${cssColor(PALETTE.negative)}, ${cssColor(PALETTE.zero)}, ${cssColor(PALETTE.positive)})` }} />
          {' '}{formatValue(-range)} … 0 … {formatValue(range)}
        </li>
      )}
      <li><span className="swatch" style={{ background: cssColor(PALETTE.nonFinite) }} /> NaN or ∞</li>
      {padded && <li><span className="swatch" style={{ background: cssColor(PALETTE.padding) }} /> padding</li>}
      {(block[0] > 1 || block[1] > 1) && <li>one pixel: {block[0]} × {block[1]} elements ({mode === 'error' ? 'the worst error' : 'the largest value'})</li>}
    </ul>
  );
}

export function BufferHeatmap(p: HeatmapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { rows, columns, offset, mode, data, status, label } = p;
  const drawn = useMemo(() => draw({ rows, columns, offset, mode, data, status }), [rows, columns, offset, mode, data, status]);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx && drawn.image) ctx.putImageData(drawn.image, 0, 0);
  }, [drawn]);

  const aspect = Math.min(MAX_ASPECT, Math.max(1 / MAX_ASPECT, drawn.width / drawn.height));
  const k = p.current === undefined ? -1 : p.current - offset;
  const marker = k >= 0 && k < rows * columns ? { row: Math.floor(k / columns), column: k % columns } : undefined;
  const pick = (e: MouseEvent<HTMLCanvasElement>): void => {
    const box = e.currentTarget.getBoundingClientRect();
    const column = Math.min(columns - 1, Math.floor(((e.clientX - box.left) / box.width) * columns));
    const row = Math.min(rows - 1, Math.floor(((e.clientY - box.top) / box.height) * rows));
    p.onPick(offset + row * columns + column);
  };
  const padded = status !== undefined && status.includes(PADDING);
  return (
    <figure className="heatmap">
      <div className="heatmap-frame" style={{ width: `min(100%, ${(22 * aspect).toFixed(3)}rem)`, aspectRatio: String(aspect) }}>
        <canvas ref={canvas} width={drawn.width} height={drawn.height} role="img" aria-label={label} onClick={pick} data-testid="heatmap" data-rows={rows} data-columns={columns} />
        {marker && (
          <div className="heatmap-marker" aria-hidden="true" style={{
            left: `${(marker.column / columns) * 100}%`, top: `${(marker.row / rows) * 100}%`,
            width: `max(${100 / columns}%, 6px)`, height: `max(${100 / rows}%, 6px)`,
          }} />
        )}
      </div>
      <figcaption>
        <Legend mode={mode} range={drawn.range} block={drawn.block} padded={padded} />
      </figcaption>
    </figure>
  );
}
