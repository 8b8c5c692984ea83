/**
 * The page side of the headless runner: the built app opened with `?runner`
 * loads this instead of the React UI and offers `window.kernelLabRunner`, the
 * `RunnerApi` of protocol.ts. It runs kernels with the very same `runKernel`
 * the page uses.
 */
import { progressText } from '../bench/run/measure';
import { calibrate } from '../bench/suites/calibrate';
import { measureTfjsMatmul, PEER_TFJS } from '../bench/suites/peer-tfjs';
import { runKernel, type DataInput } from '../bench/run/run';
import { formatsEntries, pumpEntries } from '../bench/suites/data-entries';
import { measureFormats } from '../bench/suites/formats';
import { measureParquetColumn } from '../bench/suites/parquet-column';
import { measurePump } from '../bench/suites/pump-suite';
import { parquetInBrowser } from '../data/parquet-browser';
import { referenceInBrowserWorker } from '../bench/run/reference-in-worker';
import { runSuite, type SuiteProgress } from '../bench/suites/suite';
import { sweepJobs } from '../bench/suites/sweeps';
import { sweepPoint } from '../bench/suites/sweep-points';
import { failedEntry, toEntry } from '../bench/results/entries';
import { acquireGpu, type GpuContext } from '../gpu/device';
import { CompileError, failureOf, KernelLabError, messageOf, type CompileMessage, type Failure } from '../gpu/errors';
import { customKernel } from '../kernels/custom';
import { loadReferenceModule } from '../kernels/reference-module';
import { sourceHash } from '../kernels/hash';
import { findKernel } from '../kernels/library';
import { sampleFetcher } from '../notebooks/data';
import { runLessonHeadless } from '../notebooks/headless';
import { parseLesson } from '../notebooks/parse';
import type { KernelSpec } from '../kernels/spec';
import { PROGRESS_GLOBAL, RUNNER_GLOBAL, type CustomKernelFiles, type DataFeed, type RunnerApi, type RunnerReply, type RunnerRequest } from './protocol';

/** References are computed in a Worker here too, as in the page. */
const references = referenceInBrowserWorker();

async function specFor(req: RunnerRequest): Promise<KernelSpec> {
  if (!req.custom) {
    const spec = findKernel(req.kernel);
    if (!spec) throw new KernelLabError('spec', `No kernel ${req.kernel} in the library.`);
    return spec;
  }
  const c: CustomKernelFiles = req.custom;
  const referenceFile = c.referenceFile ?? `${c.file} reference`;
  const reference = c.referenceCode === undefined ? undefined : await loadReferenceModule(c.referenceCode, referenceFile);
  return customKernel({ name: c.name, file: c.file, wgsl: c.wgsl, sidecar: c.sidecar, ...(reference ? { reference, referenceModule: c.referenceCode, referenceFile } : {}) });
}

/** A --kernel-file's sidecar and reference text, kept in its results beside the WGSL so a row can be reopened in the page. */
function customFiles(req: RunnerRequest): { sidecar?: string; referenceModule?: string } {
  if (!req.custom) return {};
  return { sidecar: JSON.stringify(req.custom.sidecar, null, 2), ...(req.custom.referenceCode === undefined ? {} : { referenceModule: req.custom.referenceCode }) };
}

/** The values the runner serves for a data feed, as the typed array of its kind. */
async function fetchFeed(feed: DataFeed): Promise<DataInput> {
  const response = await fetch(feed.url);
  if (!response.ok) throw new KernelLabError('data', `The runner did not serve column "${feed.column}" of ${feed.file} (HTTP ${response.status}).`);
  const bytes = await response.arrayBuffer();
  const values = feed.kind === 'f32' ? new Float32Array(bytes) : feed.kind === 'i32' ? new Int32Array(bytes) : new Uint32Array(bytes);
  return { buffer: feed.buffer, values, file: feed.file, column: feed.column, rows: feed.rows };
}

/** A suite's progress line, as the runner prints it. */
const progressSay = (text: string): void => window[PROGRESS_GLOBAL]?.(text);

const progressLine = (p: SuiteProgress): void => {
  const run = p.run ? ` · ${progressText(p.run)}` : '';
  window[PROGRESS_GLOBAL]?.(`[${p.index + 1}/${p.total}] ${p.label}${run}`);
};

function makeApi(ctx: GpuContext | undefined, failure: string): RunnerApi {
  return {
    async calibrate(size, timing) {
      if (!ctx) return { ok: false, message: failure };
      try {
        const cal = await calibrate(ctx.device, ctx.info, size, { ...(timing ? { timing } : {}), onProgress: progressLine });
        return { ok: true, ceilings: cal.ceilings, copyVsDriver: cal.copyVsDriver ?? null, entries: cal.runs.flatMap((r) => (r.record ? [toEntry(r.record)] : [])) };
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
    },
    async peer(params, timing) {
      const fail = (message: string): RunnerReply => ({ ok: false, kind: 'peer', message, messages: [], entry: failedEntry(PEER_TFJS, params, {}, '', { kind: 'peer', message }) });
      if (!ctx) return fail(failure);
      try {
        const record = await measureTfjsMatmul(ctx.device, ctx.info, params, { ...(timing ? { timing } : {}), onProgress: (p) => window[PROGRESS_GLOBAL]?.(progressText(p)) });
        return { ok: true, entry: toEntry(record), notes: [record.timingNote] };
      } catch (e) {
        return fail(messageOf(e));
      }
    },
    async sweep(kind, size, timing) {
      if (!ctx) return { ok: false, message: failure };
      try {
        const jobs = sweepJobs(kind, size, ctx.info.limits);
        const runs = await runSuite(ctx.device, ctx.info, jobs, { suite: `sweep:${kind}`, ...(timing ? { timing } : {}), onProgress: progressLine, reference: references });
        return {
          ok: true,
          points: runs.map((r) => ({ ...sweepPoint(r), ...(r.record ? { entry: toEntry(r.record) } : {}) })),
        };
      } catch (e) {
        return { ok: false, message: messageOf(e) };
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
    device: () => (ctx ? { ok: true, device: ctx.info } : { ok: false, message: failure }),
    async run(req): Promise<RunnerReply> {
      const source = req.custom?.wgsl ?? findKernel(req.kernel)?.source ?? '';
      // The failure as data (kind, message, and the features or limit it names) goes into the entry.
      const fail = (f: Failure, messages: readonly CompileMessage[] = []): RunnerReply => ({
        ok: false, kind: f.kind, message: f.message, messages,
        entry: failedEntry(req.kernel, req.params, req.constants ?? {}, sourceHash(source), f, { wgsl: source, ...customFiles(req) }),
      });
      if (!ctx) return fail({ kind: 'no-webgpu', message: failure });
      try {
        const spec = await specFor(req);
        const data = req.data ? await Promise.all(req.data.map(fetchFeed)) : undefined;
        let last = '';
        const { record, notes } = await runKernel(ctx.device, ctx.info, spec, {
          source: spec.source,
          params: req.params,
          constants: req.constants ?? {},
          ...(req.timing ? { timing: req.timing } : {}),
          reference: references,
          files: customFiles(req),
          ...(data ? { data } : {}),
          onProgress: (p) => {
            const text = progressText(p);
            if (text !== last) window[PROGRESS_GLOBAL]?.(text);
            last = text;
          },
        });
        return { ok: true, entry: toEntry(record), notes };
      } catch (e) {
        return fail(failureOf(e), e instanceof CompileError ? e.messages : []);
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
