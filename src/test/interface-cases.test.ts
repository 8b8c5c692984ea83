/**
 * Every kernel-interface case (src/test/interface-cases) on a real device
 * through Dawn, loaded and run as the runner does it: the sidecar checked by
 * the runner's own loader (exit 2 material), then runKernel. Each run of
 * expected.json must end in its verdict, and a run that does not pass must
 * say what expected.json says.
 *
 * Of the runner's arguments only --constants and --params are applied here
 * (as the runner's plan does); --size is always small. The runner's own
 * wording of a pass ("finite (no reference)") is checked by the e2e test
 * (e2e/kernel-interface.spec.ts), not here: here a pass without a reference
 * must simply not claim to have been compared.
 */
import { describe, expect, it } from 'vitest';
import { runKernel, type RunOutcome } from '../bench/run/run';
import { parseArgs, UsageError } from '../cli/args';
import { planJobs, type Job } from '../cli/jobs';
import { viteTranspile } from '../cli/transpile';
import { CompileError, KernelLabError } from '../gpu/errors';
import { testGpu } from './dawn';
import { readInterfaceCases, runLabel, type CaseRun, type InterfaceCase, type Verdict } from './interface-case-files';

const TIMING = { warmup: 1, minSamples: 3, maxSamples: 5, timeCapMs: 200, targetSampleMs: 1 } as const;
const SEED = 20_251;

type Attempt =
  | { readonly verdict: 'sidecar' | 'skipped' | 'refused'; readonly error: Error }
  | { readonly verdict: 'correct' | 'incorrect'; readonly outcome: RunOutcome };

/** What a thrown error says, with every compiler message and its line. */
function errorText(e: Error): string {
  const kind = e instanceof KernelLabError ? ` (${e.kind})` : '';
  const lines = e instanceof CompileError ? e.messages.map((m) => `\n  line ${m.line}, column ${m.column}: ${m.message}`).join('') : '';
  return `${e.name}${kind}: ${e.message}${lines}`;
}

/** What a finished run says: its notes, its check and its record (not the device's limits, which name every limit). */
function outcomeText(o: RunOutcome): string {
  const record = Object.fromEntries(Object.entries(o.record).filter(([k]) => k !== 'device'));
  return [o.record.correct ? 'correct' : 'INCORRECT', ...o.notes, JSON.stringify(o.check), JSON.stringify(record)].join('\n');
}

const textOf = (a: Attempt): string => ('error' in a ? errorText(a.error) : outcomeText(a.outcome));

/** Everything the runner checks before a browser starts (its own planJobs): a failure here is exit 2. */
async function planRun(c: InterfaceCase, run: CaseRun): Promise<Job> {
  const [job] = await planJobs(parseArgs(['--kernel-file', c.wgsl, '--size', 'small', ...run.args]), viteTranspile);
  return job!;
}

async function attempt(c: InterfaceCase, run: CaseRun): Promise<Attempt> {
  let planned: Job;
  try {
    planned = await planRun(c, run);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof KernelLabError && e.kind === 'spec')) return { verdict: 'sidecar', error: e };
    throw e;
  }
  const { device, info } = await testGpu();
  try {
    const outcome = await runKernel(device, info, planned.spec, { params: planned.params, constants: planned.constants, seed: SEED, timing: TIMING });
    return { verdict: outcome.record.correct ? 'correct' : 'incorrect', outcome };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return { verdict: e instanceof KernelLabError && e.kind === 'unsupported' ? 'skipped' : 'refused', error };
  }
}

/**
 * The verdicts that count as the expected one here. Exit 1 is one class: a
 * check that fails may end as an incorrect record or as a thrown error, as the
 * runner reports both with exit 1.
 */
function accepted(expected: Verdict): readonly Verdict[] {
  return expected === 'incorrect' || expected === 'refused' ? ['incorrect', 'refused'] : [expected];
}

const CASES = readInterfaceCases();

describe.each(CASES.map((c) => [c.folder, c] as const))('%s', (_folder, c) => {
  it.each(c.runs.map((r) => [runLabel(r), r] as const))('%s', { timeout: 120_000 }, async (_label, run) => {
    const { device } = await testGpu();
    const featurePresent = run.needs !== undefined && device.features.has(run.needs);
    const expected: Verdict = featurePresent ? 'correct' : run.verdict;
    const got = await attempt(c, run);
    const text = textOf(got);
    expect(accepted(expected), `${c.why}\n${text}`).toContain(got.verdict);
    // A pass must not claim a comparison it did not make; anything else must say what the case says.
    const compared = got.verdict === 'correct' ? got.outcome.record.compared : c.hasReference;
    expect(compared, 'compared with a reference exactly when the case has one').toBe(c.hasReference);
    const unsaid = got.verdict === 'correct' ? [] : run.says.filter((s) => !text.includes(s));
    expect(unsaid, `not said in:\n${text}`).toEqual([]);
  });
});
