/**
 * "Serving: paged KV cache": a request trace served two ways on one KV
 * memory budget, with step times measured on this device (the runner has it
 * as --simulate kv). The trace is any table loaded in the data panel (the
 * sample trace is one click away); the budget, block size, samples per
 * request and how many requests are inputs; the result is a table of the
 * figures, KV memory over time per policy, concurrent sequences over time,
 * and the paged pool's block tables replayed step by step.
 */
import { lazy, Suspense, useState } from 'react';
import { averagedOver, concurrencyRatio } from '../bench/suites/kv-simulation';
import { BLOCK_SIZES } from '../kv/block-manager';
import { DEFAULT_KV_MIB, tokensInBudget, kvBytesPerToken } from '../kv/step-time';
import { DEFAULT_MAX_LENGTH } from '../kv/trace';
import { TRACE_SAMPLE_NAME } from '../kv/trace-sample';
import { BlockView } from './BlockView';
import { exportServing } from './export';
import { formatTime } from './format';
import type { DataFiles } from './hooks/useDataFiles';
import type { ServingResult, ServingSim } from './hooks/useServingSim';
import type { DeviceInfo } from '../gpu/device';

const Charts = {
  memory: lazy(() => import('./ServingCharts').then((m) => ({ default: m.MemoryChart }))),
  concurrency: lazy(() => import('./ServingCharts').then((m) => ({ default: m.ConcurrencyChart }))),
};

const SAMPLE = `${TRACE_SAMPLE_NAME}.csv`;
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const fig = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(3)).toLocaleString('en') : '—');

export function ServingPanel({ sim, data, device, blocked }: { sim: ServingSim; data: DataFiles; device: DeviceInfo | undefined; blocked: boolean }) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string>();
  const [mibText, setMibText] = useState(String(DEFAULT_KV_MIB));
  const [blockSize, setBlockSize] = useState(16);
  const [samples, setSamples] = useState(1);
  const [requestsText, setRequestsText] = useState('');
  // After a reload the kept result comes back from the store: the form takes its settings, so a new run reruns it.
  const [synced, setSynced] = useState<ServingResult>();
  const back = sim.restored;
  if (back && sim.result === back && synced !== back) {
    setSynced(back);
    setChosen(back.traceName);
    setMibText(String(back.kvMib));
    setBlockSize(back.options.blockSize);
    setSamples(back.options.samples ?? 1);
    setRequestsText(back.requests === undefined ? '' : String(back.requests));
  }
  const names = data.files.map((f) => f.name);
  const traceName = chosen !== undefined && names.includes(chosen) ? chosen : names.includes(SAMPLE) ? SAMPLE : names[0];
  const file = data.files.find((f) => f.name === traceName);
  const mib = Number(mibText);
  const mibProblem = mibText.trim() === '' || !(mib > 0 && Number.isFinite(mib)) ? 'The budget is a number of MiB above 0.' : undefined;
  const requests = requestsText.trim() === '' ? undefined : Number(requestsText);
  const requestsProblem = requests !== undefined && !(Number.isInteger(requests) && requests >= 1) ? 'Leave it empty for every request, or give a whole number ≥ 1.' : undefined;
  const { result } = sim;
  const ratio = result ? concurrencyRatio(result.simulation) : undefined;
  const pagedRun = result?.summaries.find((x) => x.policy === 'paged');
  return (
    <section className="panel serving" aria-label="Serving: paged KV cache" data-testid="serving">
      <h2>
        <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? '▾' : '▸'} Serving: paged KV cache</button>
      </h2>
      {open && (
        <>
          <p className="muted">
            A trace of requests served on one KV memory budget two ways: <b>reserved</b> (static batching, each request reserving the model&apos;s maximum length, {DEFAULT_MAX_LENGTH.toLocaleString('en')} tokens) and <b>paged</b> (continuous batching on the paged cache: requests join and leave every step, blocks of {blockSize} tokens taken as needed). Each step&apos;s time is measured on this device by running a decode kernel at the batch&apos;s shape.
          </p>
          <div className="run-bar">
            <label htmlFor="serving-trace">Trace</label>
            <select id="serving-trace" value={traceName ?? ''} onChange={(e) => setChosen(e.target.value)} disabled={names.length === 0}>
              {names.length === 0 && <option value="">no table loaded</option>}
              {names.map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
            <button type="button" onClick={() => { setChosen(SAMPLE); data.loadSample(SAMPLE); }} disabled={names.includes(SAMPLE) || data.loading !== undefined} data-testid="serving-load-sample">
              Load the sample trace
            </button>
          </div>
          <p className="muted">A trace is a table with columns arrival_s, prompt_tokens and output_tokens: load your own (CSV, Arrow or Parquet) in the data panel above.</p>
          <div className="run-bar serving-fields">
            <label htmlFor="serving-mib">KV budget (MiB)</label>
            <input id="serving-mib" type="text" inputMode="decimal" value={mibText} onChange={(e) => setMibText(e.target.value)} aria-invalid={mibProblem !== undefined} aria-describedby="serving-mib-help" size={5} />
            <label htmlFor="serving-block">Block size</label>
            <select id="serving-block" value={blockSize} onChange={(e) => setBlockSize(Number(e.target.value))}>
              {BLOCK_SIZES.map((b) => <option key={b} value={b}>{b} tokens</option>)}
            </select>
            <label htmlFor="serving-samples">Samples per request</label>
            <select id="serving-samples" value={samples} onChange={(e) => setSamples(Number(e.target.value))}>
              {[1, 2, 4].map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
            <label htmlFor="serving-requests">Requests</label>
            <input id="serving-requests" type="text" inputMode="numeric" placeholder="all" value={requestsText} onChange={(e) => setRequestsText(e.target.value)} aria-invalid={requestsProblem !== undefined} size={5} />
          </div>
          <p id="serving-mib-help" className={mibProblem ? 'field-error' : 'muted'}>
            {mibProblem ?? `${tokensInBudget(mib).toLocaleString('en')} tokens of K and V at ${kvBytesPerToken()} bytes each (2 heads sharing 1 key/value head of 64, f32).`}
          </p>
          {requestsProblem && <p className="field-error">{requestsProblem}</p>}
          <div className="run-bar">
            <button
              type="button"
              onClick={() => file && sim.run({ table: file.table, traceName: file.name, kvMib: mib, blockSize, samples, ...(requests === undefined ? {} : { requests }) })}
              disabled={!file || !device || sim.running || blocked || mibProblem !== undefined || requestsProblem !== undefined}
              data-testid="serving-run"
            >
              Run both policies
            </button>
            {!device && <span className="muted">No GPU device yet.</span>}
          </div>
          {sim.running && (
            <div className="progress" role="status" data-testid="serving-progress">
              <span>{sim.progress ?? 'Starting…'}</span> <button type="button" onClick={sim.cancel}>Cancel</button>
            </div>
          )}
          {sim.problem && <p className="field-error" role="alert" data-testid="serving-problem">{sim.problem}</p>}
          {result && (
            <div data-testid="serving-result">
              <h3>{result.traceName}: {result.trace.length.toLocaleString('en')} requests on {result.kvMib} MiB, blocks of {result.options.blockSize}, {result.options.samples ?? 1} sample{(result.options.samples ?? 1) === 1 ? '' : 's'} per request</h3>
              <p className="muted">
                Step times measured on this device ({result.device || 'this GPU'}) at {result.measured.length} batch shapes, each policy&apos;s with its layout&apos;s decode kernel: {result.simulation.map((s) => `${s.policy} with ${s.stepKernel}`).join(', ')}. The figures speak of this GPU.
                {result.summaries.some((s) => s.memoryBoundS === 0) ? ' A policy under which no request ever waited is averaged over its whole run: memory did not limit it.' : ''}
              </p>
              <div className="table-scroll" tabIndex={0} aria-label="The two policies' figures">
                <table className="compare-table" data-testid="serving-table">
                  <thead>
                    <tr><th>policy</th><th>tokens/s</th><th>KV holding tokens</th><th>sequences (mean)</th><th>(max)</th><th>TTFT p50</th><th>p90</th><th>TPOT p50</th><th>p90</th><th>preempted</th></tr>
                  </thead>
                  <tbody>
                    {result.summaries.map((s) => (
                      <tr key={s.policy} data-testid={`serving-row-${s.policy}`}>
                        <td>{s.policy}</td><td>{fig(s.tokensPerS)}</td><td>{pct(s.kvUtilization)}</td><td>{fig(s.meanConcurrent)}</td><td>{s.maxConcurrent}</td>
                        <td>{formatTime(s.ttftP50Ms)}</td><td>{formatTime(s.ttftP90Ms)}</td><td>{formatTime(s.tpotP50Ms)}</td><td>{formatTime(s.tpotP90Ms)}</td><td>{s.preemptions}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {ratio !== undefined && <p data-testid="serving-ratio">Paged runs ×{ratio.toFixed(2)} the reserved policy&apos;s concurrent sequences ({averagedOver(result.simulation)}). The vLLM paper: 96.3% of KV memory holds tokens with paging, 20.4–38.2% when reserving; on the sample trace paged reaches it at {DEFAULT_KV_MIB} MiB, the default.</p>}
              {pagedRun && pagedRun.preemptions > 0 && (
                <p className="muted" data-testid="serving-preempted">
                  Paged preempted {pagedRun.preemptions.toLocaleString('en')} time{pagedRun.preemptions === 1 ? '' : 's'} here: when its pool runs out it frees the latest request&apos;s blocks and computes them again on readmission, so on a small budget (a pool of a few requests&apos; tokens: 1–2 MiB on the sample trace) the recomputation can cost it more tokens/s than its extra sequences win, and reserved can come out ahead.
                </p>
              )}
              <Suspense fallback={<p className="muted">Loading charts…</p>}>
                {result.summaries.map((s) => <Charts.memory key={s.policy} summary={s} />)}
                <Charts.concurrency summaries={result.summaries} />
              </Suspense>
              <BlockView result={result} />
              {device && (
                <p className="run-bar">
                  <button type="button" onClick={() => void exportServing(result.simulation, result.entries, device)}>Export JSON</button>
                  <span className="muted">the results file the runner writes with --simulate kv --json</span>
                </p>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
