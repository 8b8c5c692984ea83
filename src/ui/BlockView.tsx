/**
 * The paged policy's block pool, replayed step by step: the simulation's own
 * scheduler and block manager run again on the same trace (deterministic, so
 * it is the run whose figures are shown), with each step's time from the
 * run's measurements. Every physical block is a cell coloured by the request
 * whose sequence owns it, with the request's number written in it (colours
 * repeat among many requests), filled to the share of its slots written; a
 * block several sequences share (a prompt forked for parallel samples) has a
 * double outline; a free block is blank with a dashed one. Play, Pause, Step
 * and the speed are buttons and a select.
 *
 * The grid is a listbox the keyboard reads: Tab focuses it, the arrow keys
 * move a block (up and down a row), Home and End jump, and the focused
 * block is said in words under it (a live region); the grid scrolls in its
 * own box so the controls stay in view. The table under it lists every
 * sequence's block table.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { PagedServer } from '../kv/servers';
import { replayTimer, type ServingResult } from './hooks/useServingSim';

export interface Cell {
  readonly row: number;
  /** Slots written, 0 … blockSize. */
  readonly fill: number;
  readonly refs: number;
}

interface Frame {
  readonly step: number;
  readonly nowS: number;
  readonly done: boolean;
  /** One per physical block; undefined when free. */
  readonly cells: readonly (Cell | undefined)[];
  readonly sequences: readonly { readonly id: number; readonly row: number; readonly tokens: number; readonly blocks: readonly number[] }[];
  readonly shared: number;
  readonly problem?: string;
}

const SPEEDS = [1, 5, 20, 100, 500] as const;
/** A request's colour: hues spread by the golden angle, so neighbours differ. */
export const requestColor = (row: number): string => `hsl(${Math.round((row * 137.508) % 360)} 60% 52%)`;

/** A block in words: its number, and the request, slots written and sharing, or free. */
export function describeBlock(b: number, c: Cell | undefined, blockSize: number): string {
  if (!c) return `Block ${b}: free`;
  return `Block ${b}: request ${c.row}, ${c.fill} of ${blockSize} slots written${c.refs > 1 ? `, shared by ${c.refs} sequences` : ''}`;
}

/** Cells in the grid's first row (the CSS grid wraps by width), at least 1. */
function columnsOf(el: HTMLElement | null): number {
  const cells = el?.children;
  if (!cells || cells.length === 0) return 1;
  const top = (cells[0] as HTMLElement).offsetTop;
  let n = 0;
  while (n < cells.length && (cells[n] as HTMLElement).offsetTop === top) n++;
  return Math.max(1, n);
}

/** Where a key moves the focused block among n in rows of `columns`; undefined for a key that does not move it. */
export function nextBlock(key: string, at: number, n: number, columns: number): number | undefined {
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case 'ArrowRight': return clamp(at + 1);
    case 'ArrowLeft': return clamp(at - 1);
    case 'ArrowDown': return clamp(at + columns);
    case 'ArrowUp': return clamp(at - columns);
    case 'Home': return 0;
    case 'End': return n - 1;
    default: return undefined;
  }
}

function frameOf(server: PagedServer, step: number, problem?: string): Frame {
  const bm = server.blocks;
  const bs = bm.blockSize;
  const cells: (Cell | undefined)[] = Array.from({ length: bm.stats().totalBlocks }, () => undefined);
  const sequences = bm.sequenceIds().map((id) => {
    const row = server.requestOf(id)?.row ?? 0;
    const tokens = bm.tokens(id);
    const blocks = bm.blockTable(id);
    blocks.forEach((b, i) => {
      cells[b] = { row: cells[b]?.row ?? row, fill: Math.max(0, Math.min(bs, tokens - i * bs)), refs: bm.refCount(b) };
    });
    return { id, row, tokens, blocks };
  });
  return { step, nowS: server.nowMs / 1000, done: server.done(), cells, sequences, shared: cells.filter((c) => c && c.refs > 1).length, ...(problem ? { problem } : {}) };
}

export function BlockView({ result }: { result: ServingResult }) {
  const server = useRef<PagedServer | undefined>(undefined);
  const steps = useRef(0);
  const [frame, setFrame] = useState<Frame>();
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(20);
  const [active, setActive] = useState(0);
  const grid = useRef<HTMLDivElement>(null);
  const gridId = useId().replace(/:/g, '');

  const restart = (): void => {
    server.current = new PagedServer(result.trace, result.options);
    steps.current = 0;
    setFrame(frameOf(server.current, 0));
  };
  // A new result starts its own replay.
  useEffect(() => {
    server.current = new PagedServer(result.trace, result.options);
    steps.current = 0;
    setFrame(frameOf(server.current, 0));
    setPlaying(false);
  }, [result]);

  /** Advance `n` steps; false when the replay is over. */
  const advance = (n: number): boolean => {
    const s = server.current;
    if (!s) return false;
    const timer = replayTimer(result);
    for (let i = 0; i < n && !s.done(); i++) {
      let shape = s.plan();
      while (!s.done() && (!shape || shape.lengths.length === 0)) shape = s.plan();
      if (!shape || shape.lengths.length === 0) break;
      const ms = timer.known(shape);
      if (ms === undefined) {
        setFrame(frameOf(s, steps.current, 'A step of this replay was not measured in the run: run the simulation again.'));
        return false;
      }
      s.finish(ms);
      steps.current++;
    }
    setFrame(frameOf(s, steps.current));
    return !s.done();
  };

  // The interval calls the latest advance (it reads this render's result).
  const advanceRef = useRef(advance);
  useEffect(() => {
    advanceRef.current = advance;
  });
  useEffect(() => {
    if (!playing) return;
    const every = Math.max(50, 1000 / speed);
    const perTick = Math.max(1, Math.round((speed * every) / 1000));
    const id = setInterval(() => {
      if (!advanceRef.current(perTick)) setPlaying(false);
    }, every);
    return () => clearInterval(id);
  }, [playing, speed]);

  if (!frame) return null;
  const used = frame.cells.filter(Boolean).length;
  const summary = `Step ${frame.step}, ${frame.nowS.toFixed(2)} s simulated: ${used} of ${frame.cells.length} blocks in use by ${frame.sequences.length} sequence${frame.sequences.length === 1 ? '' : 's'}, ${frame.shared} shared${frame.done ? '; every request served' : ''}.`;
  const bs = result.options.blockSize;
  const focused = Math.min(active, frame.cells.length - 1);
  const onGridKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const n = frame.cells.length;
    const to = nextBlock(e.key, focused, n, columnsOf(grid.current));
    if (to === undefined) return;
    e.preventDefault();
    setActive(to);
    grid.current?.querySelector(`#${gridId}-${to}`)?.scrollIntoView({ block: 'nearest' });
  };
  return (
    <div className="block-view" data-testid="block-view">
      <h3>Block tables (paged), step by step</h3>
      <div className="run-bar block-controls" role="group" aria-label="Replay controls">
        <button type="button" onClick={() => setPlaying(!playing)} disabled={frame.done} aria-pressed={playing} data-testid="block-play">{playing ? 'Pause' : 'Play'}</button>
        <button type="button" onClick={() => advance(1)} disabled={playing || frame.done} data-testid="block-step">Step</button>
        <button type="button" onClick={() => { setPlaying(false); restart(); }} data-testid="block-restart">Restart</button>
        <span className="nowrap">
          <label htmlFor="block-speed">Speed</label>{' '}
          <select id="block-speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => <option key={s} value={s}>{s} step{s === 1 ? '' : 's'}/s</option>)}
          </select>
        </span>
      </div>
      <p className="muted" aria-live="polite" data-testid="block-summary">{summary}</p>
      {frame.problem && <p className="field-error" role="alert">{frame.problem}</p>}
      <div
        ref={grid}
        className="block-grid"
        role="listbox"
        tabIndex={0}
        aria-label={`The block pool, ${frame.cells.length} blocks: arrow keys move between blocks`}
        aria-activedescendant={`${gridId}-${focused}`}
        aria-describedby={`${gridId}-focus`}
        onKeyDown={onGridKey}
        data-testid="block-grid"
      >
        {frame.cells.map((c, b) => (
          <span
            key={b}
            id={`${gridId}-${b}`}
            role="option"
            aria-selected={b === focused}
            aria-label={describeBlock(b, c, bs)}
            className={`${c ? (c.refs > 1 ? 'block shared' : 'block') : 'block free'}${b === focused ? ' focused' : ''}`}
            title={describeBlock(b, c, bs)}
            style={c ? { background: `linear-gradient(to top, ${requestColor(c.row)} ${(100 * c.fill) / bs}%, transparent 0)`, borderColor: requestColor(c.row) } : undefined}
          >
            {c ? <span className="block-num" aria-hidden="true">{c.row}</span> : ''}
          </span>
        ))}
      </div>
      <p id={`${gridId}-focus`} className="block-focus" aria-live={playing ? 'off' : 'polite'} data-testid="block-focus">{describeBlock(focused, frame.cells[focused], bs)}.</p>
      <p className="muted">
        A cell per physical block of {bs} token slots, numbered and coloured by the request it serves and filled to its slots written; a double outline marks a block several sequences share (parallel samples of one prompt){(result.options.samples ?? 1) === 1 ? ': with one sample per request nothing is shared' : ''}; blank cells with a dashed outline are free. Focus the grid and use the arrow keys to read a block.
      </p>
      <div className="table-scroll block-tables" tabIndex={0} aria-label="Block tables of the running sequences">
        <table className="compare-table">
          <thead><tr><th>request</th><th>sequence</th><th>tokens</th><th>block table</th></tr></thead>
          <tbody>
            {frame.sequences.map((s) => (
              <tr key={s.id}>
                <td><span className="swatch" style={{ background: requestColor(s.row) }} aria-hidden="true" /> {s.row}</td>
                <td>{s.id}</td>
                <td>{s.tokens}</td>
                <td>{s.blocks.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
