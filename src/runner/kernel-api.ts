/**
 * The runner's kernel methods (device, run, calibrate, sweep) on a GPU
 * context, with nothing of the browser in them: the page harness
 * (harness.ts) offers them on `window`, and the Dawn backend's child process
 * (src/cli/dawn-child.ts) answers them in Node. What differs between the two
 * comes in as hooks: where references are computed, how progress is said,
 * how a reference module's text is loaded and how a --data column arrives.
 */
import { progressText } from '../bench/run/measure';
import type { ReferenceCompute } from '../bench/run/reference';
import { runKernel, type DataInput } from '../bench/run/run';
import { failedEntry, toEntry } from '../bench/results/entries';
import { calibrate } from '../bench/suites/calibrate';
import { runSuite, type SuiteProgress } from '../bench/suites/suite';
import { sweepPoint } from '../bench/suites/sweep-points';
import { sweepJobs } from '../bench/suites/sweeps';
import type { GpuContext } from '../gpu/device';
import { CompileError, failureOf, KernelLabError, messageOf, type CompileMessage, type Failure } from '../gpu/errors';
import { customKernel } from '../kernels/custom';
import { sourceHash } from '../kernels/hash';
import { findKernel } from '../kernels/library';
import type { KernelSpec, Reference } from '../kernels/spec';
import type { CustomKernelFiles, DataFeed, RunnerApi, RunnerReply, RunnerRequest } from './protocol';

export interface KernelApiHooks {
  /** Where float64 references are computed (a Worker in the page, the process's own thread in Node). */
  readonly references: ReferenceCompute;
  /** One progress line, as the runner prints it. */
  readonly progress: (text: string) => void;
  /** A custom kernel's reference from its module text; errors name `file`. */
  readonly loadReference: (code: string, file: string) => Promise<Reference>;
  /** The values of a --data column, as the runner handed them over. */
  readonly fetchFeed: (feed: DataFeed) => Promise<DataInput>;
}

export type KernelApi = Pick<RunnerApi, 'device' | 'run' | 'calibrate' | 'sweep'>;

async function specFor(req: RunnerRequest, loadReference: KernelApiHooks['loadReference']): Promise<KernelSpec> {
  if (!req.custom) {
    const spec = findKernel(req.kernel);
    if (!spec) throw new KernelLabError('spec', `No kernel ${req.kernel} in the library.`);
    return spec;
  }
  const c: CustomKernelFiles = req.custom;
  const referenceFile = c.referenceFile ?? `${c.file} reference`;
  const reference = c.referenceCode === undefined ? undefined : await loadReference(c.referenceCode, referenceFile);
  return customKernel({ name: c.name, file: c.file, wgsl: c.wgsl, sidecar: c.sidecar, ...(reference ? { reference, referenceModule: c.referenceCode, referenceFile } : {}) });
}

/** A --kernel-file's sidecar and reference text, kept in its results beside the WGSL so a row can be reopened in the page. */
function customFiles(req: RunnerRequest): { sidecar?: string; referenceModule?: string } {
  if (!req.custom) return {};
  return { sidecar: JSON.stringify(req.custom.sidecar, null, 2), ...(req.custom.referenceCode === undefined ? {} : { referenceModule: req.custom.referenceCode }) };
}

/**
 * The kernel methods on `ctx`, or, without a context, each answering `failure` (why no adapter was found).
 * Every failure is a reply (`ok: false`, with a failed entry for `run`), never a throw.
 */
export function kernelApi(ctx: GpuContext | undefined, failure: string, hooks: KernelApiHooks): KernelApi {
  const progressLine = (p: SuiteProgress): void => {
    const run = p.run ? ` · ${progressText(p.run)}` : '';
    hooks.progress(`[${p.index + 1}/${p.total}] ${p.label}${run}`);
  };
  return {
    device: () => (ctx ? { ok: true, device: ctx.info } : { ok: false, message: failure }),
    async calibrate(size, timing) {
      if (!ctx) return { ok: false, message: failure };
      try {
        const cal = await calibrate(ctx.device, ctx.info, size, { ...(timing ? { timing } : {}), onProgress: progressLine });
        return { ok: true, ceilings: cal.ceilings, copyVsDriver: cal.copyVsDriver ?? null, entries: cal.runs.flatMap((r) => (r.record ? [toEntry(r.record)] : [])) };
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
    },
    async sweep(kind, size, timing) {
      if (!ctx) return { ok: false, message: failure };
      try {
        const jobs = sweepJobs(kind, size, ctx.info.limits);
        const runs = await runSuite(ctx.device, ctx.info, jobs, { suite: `sweep:${kind}`, ...(timing ? { timing } : {}), onProgress: progressLine, reference: hooks.references });
        return {
          ok: true,
          points: runs.map((r) => ({ ...sweepPoint(r), ...(r.record ? { entry: toEntry(r.record) } : {}) })),
        };
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
    },
    async run(req): Promise<RunnerReply> {
      const source = req.custom?.wgsl ?? findKernel(req.kernel)?.source ?? '';
      // The failure as data (kind, message, and the features or limit it names) goes into the entry.
      const fail = (f: Failure, messages: readonly CompileMessage[] = []): RunnerReply => ({
        ok: false, kind: f.kind, message: f.message, messages,
        entry: failedEntry(req.kernel, req.params, req.constants ?? {}, sourceHash(source), f, { wgsl: source, ...customFiles(req) }),
      });
      if (!ctx) return fail({ kind: 'no-webgpu', message: failure });
      try {
        const spec = await specFor(req, hooks.loadReference);
        const data = req.data ? await Promise.all(req.data.map(hooks.fetchFeed)) : undefined;
        let last = '';
        const { record, notes } = await runKernel(ctx.device, ctx.info, spec, {
          source: spec.source,
          params: req.params,
          constants: req.constants ?? {},
          ...(req.timing ? { timing: req.timing } : {}),
          reference: hooks.references,
          files: customFiles(req),
          ...(data ? { data } : {}),
          onProgress: (p) => {
            const text = progressText(p);
            if (text !== last) hooks.progress(text);
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
