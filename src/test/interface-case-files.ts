/**
 * The kernel-interface cases in src/test/interface-cases: one folder per
 * user kernel (`<name>.wgsl`, its sidecar `<name>.json`, maybe a reference)
 * and `expected.json`, what the runner must do with it. Read here once for
 * both harnesses: the unit test on Dawn and the runner's e2e test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CASES_DIR = fileURLToPath(new URL('interface-cases/', import.meta.url));

/** correct: exit 0, checked; skipped: exit 0, a feature missing; incorrect: exit 1, a check failed; refused: exit 1, an error before any result; sidecar: exit 2, before any browser. */
export type Verdict = 'correct' | 'incorrect' | 'skipped' | 'refused' | 'sidecar';

export interface CaseRun {
  /** Extra runner arguments after `--kernel-file <wgsl> --size small`. */
  readonly args: readonly string[];
  readonly exit: 0 | 1 | 2;
  readonly verdict: Verdict;
  /** Substrings of the runner's stdout and stderr together. */
  readonly says: readonly string[];
  /** The outcome above holds where the device lacks this feature; where it has it, the run must be correct. */
  readonly needs?: string;
}

export interface InterfaceCase {
  /** The folder's name, `NN-short-name`. */
  readonly folder: string;
  readonly wgsl: string;
  readonly hasReference: boolean;
  readonly why: string;
  readonly runs: readonly CaseRun[];
}

const VERDICT_EXIT: Readonly<Record<Verdict, number>> = { correct: 0, skipped: 0, incorrect: 1, refused: 1, sidecar: 2 };

function caseRun(raw: unknown, where: string): CaseRun {
  const r = raw as Partial<Record<keyof CaseRun, unknown>>;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (!strings(r.args) || !strings(r.says)) throw new Error(`${where}: args and says must be arrays of strings`);
  if (typeof r.verdict !== 'string' || !(r.verdict in VERDICT_EXIT)) throw new Error(`${where}: verdict must be one of ${Object.keys(VERDICT_EXIT).join(', ')}`);
  const verdict = r.verdict as Verdict;
  if (r.exit !== VERDICT_EXIT[verdict]) throw new Error(`${where}: a ${verdict} run exits ${VERDICT_EXIT[verdict]}, not ${String(r.exit)}`);
  if (r.needs !== undefined && typeof r.needs !== 'string') throw new Error(`${where}: needs must be a feature name`);
  return { args: r.args, exit: VERDICT_EXIT[verdict] as CaseRun['exit'], verdict, says: r.says, ...(r.needs === undefined ? {} : { needs: r.needs as string }) };
}

export function readInterfaceCases(): InterfaceCase[] {
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((folder): InterfaceCase => {
      const files = readdirSync(join(CASES_DIR, folder));
      const wgsl = files.filter((f) => f.endsWith('.wgsl'));
      if (wgsl.length !== 1) throw new Error(`${folder}: needs exactly one .wgsl file, has ${wgsl.length}`);
      const expected = JSON.parse(readFileSync(join(CASES_DIR, folder, 'expected.json'), 'utf8')) as { why?: unknown; runs?: unknown };
      if (typeof expected.why !== 'string' || !Array.isArray(expected.runs) || expected.runs.length === 0) {
        throw new Error(`${folder}/expected.json: needs "why" and at least one run`);
      }
      const runs = expected.runs.map((r, i) => caseRun(r, `${folder}/expected.json: runs[${i}]`));
      return { folder, wgsl: join(CASES_DIR, folder, wgsl[0]!), hasReference: files.some((f) => /\.reference\.[mc]?[jt]s$/.test(f)), why: expected.why, runs };
    });
}

/** How a run is named in test titles: its arguments, or "as is". */
export function runLabel(run: CaseRun): string {
  return `${run.args.length > 0 ? run.args.join(' ') : 'as is'} → ${run.verdict}`;
}
