/**
 * The page side of the headless runner: the built app opened with `?runner`
 * loads this instead of the React UI and offers `window.kernelLabRunner`, the
 * `RunnerApi` of protocol.ts. It runs kernels with the very same `runKernel`
 * the page uses (kernel-api.ts, shared with the Dawn backend), and adds what
 * only a page can do: TF.js and the data suites.
 */
import { progressText } from '../bench/run/measure';
import type { DataInput } from '../bench/run/run';
import { referenceInBrowserWorker } from '../bench/run/reference-in-worker';
import { failedEntry, toEntry } from '../bench/results/entries';
import { formatsEntries, pumpEntries } from '../bench/suites/data-entries';
import { measureFormats } from '../bench/suites/formats';
import { measureParquetColumn } from '../bench/suites/parquet-column';
import { measureTfjsMatmul, PEER_TFJS } from '../bench/suites/peer-tfjs';
import { measurePump } from '../bench/suites/pump-suite';
import { runServingSimulation } from '../bench/suites/kv-simulation';
import { parquetInBrowser } from '../data/parquet-browser';
import { acquireGpu, type GpuContext } from '../gpu/device';
import { KernelLabError, messageOf } from '../gpu/errors';
import { loadReferenceModule } from '../kernels/reference-module';
import { kernelApi } from './kernel-api';
import { PROGRESS_GLOBAL, RUNNER_GLOBAL, type DataFeed, type RunnerApi, type RunnerReply } from './protocol';
import { sampleFetcher } from '../notebooks/data';
import { runLessonHeadless } from '../notebooks/headless';
import { parseLesson } from '../notebooks/parse';

/** References are computed in a Worker here too, as in the page. */
const references = referenceInBrowserWorker();

/** The values the runner serves for a data feed, as the typed array of its kind. */
async function fetchFeed(feed: DataFeed): Promise<DataInput> {
  const response = await fetch(feed.url);
  if (!response.ok) throw new KernelLabError('data', `The runner did not serve column "${feed.column}" of ${feed.file} (HTTP ${response.status}).`);
  const bytes = await response.arrayBuffer();
  const values = feed.kind === 'f32' ? new Float32Array(bytes) : feed.kind === 'i32' ? new Int32Array(bytes) : new Uint32Array(bytes);
  return { buffer: feed.buffer, values, file: feed.file, column: feed.column, rows: feed.rows, ...(feed.nulls ? { nulls: feed.nulls } : {}) };
}

/** A progress line, as the runner prints it. */
const progressSay = (text: string): void => window[PROGRESS_GLOBAL]?.(text);

function makeApi(ctx: GpuContext | undefined, failure: string): RunnerApi {
  return {
    ...kernelApi(ctx, failure, { references, progress: progressSay, loadReference: (code, file) => loadReferenceModule(code, file), fetchFeed }),
    async peer(params, timing) {
      const fail = (message: string): RunnerReply => ({ ok: false, kind: 'peer', message, messages: [], entry: failedEntry(PEER_TFJS, params, {}, '', { kind: 'peer', message }) });
      if (!ctx) return fail(failure);
      try {
        const record = await measureTfjsMatmul(ctx.device, ctx.info, params, { ...(timing ? { timing } : {}), onProgress: (p) => progressSay(progressText(p)) });
        return { ok: true, entry: toEntry(record), notes: [record.timingNote] };
      } catch (e) {
        return fail(messageOf(e));
      }
    },
    async formats(request) {
      try {
        const pq = await parquetInBrowser();
        const report = await measureFormats(pq, { rows: request.rows, ...(request.samples ? { samples: request.samples } : {}), onProgress: progressSay });
        const column = await measureParquetColumn(pq, { rows: request.columnRows, onProgress: (t) => progressSay(`Parquet → f32 column: ${t}`) });
        return { ok: true, report, column, entries: formatsEntries(report, column) };
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
    },
    async pump(request) {
      if (!ctx) return { ok: false, message: failure };
      try {
        const pq = await parquetInBrowser();
        const report = await measurePump(ctx.device, pq, {
          rows: request.rows, batchRows: request.batchRows,
          ...(request.k === undefined ? {} : { k: request.k }),
          ...(request.repeats === undefined ? {} : { repeats: request.repeats }),
          onProgress: progressSay,
        });
        return { ok: true, report, entries: pumpEntries(report) };
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
    },
    async notebook(request) {
      if (!ctx) return { ok: false, message: failure };
      try {
        const lesson = parseLesson(request.text, request.file);
        const cells = await runLessonHeadless(lesson, {
          device: ctx.device, info: ctx.info, size: request.size, reference: references, parquet: parquetInBrowser, onProgress: progressSay,
          fetchData: sampleFetcher(window.location.href),
        });
        return { ok: true, cells };
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
    },
    async simulate(request) {
      if (!ctx) return { ok: false, message: failure, entries: [] };
      try {
        const run = await runServingSimulation(ctx.device, ctx.info, request.trace, { ...request, reference: references, onProgress: progressSay });
        // The charts' series stay in the page: the runner prints figures.
        return { ok: true, summaries: run.summaries.map(({ series: _series, ...rest }) => rest), simulation: run.simulation, entries: run.entries };
      } catch (e) {
        return { ok: false, message: messageOf(e), entries: [] };
      }
    },
  };
}

async function start(): Promise<void> {
  let ctx: GpuContext | undefined;
  let failure = '';
  try {
    ctx = await acquireGpu(navigator.gpu);
  } catch (e) {
    failure = messageOf(e);
  }
  window[RUNNER_GLOBAL] = makeApi(ctx, failure);
  document.title = 'Kernel Lab runner';
  document.body.textContent = ctx ? `Kernel Lab runner on ${ctx.info.vendor} ${ctx.info.architecture}` : failure;
}

void start();
