/**
 * The README's performance table for one device, from one record file
 * (record.ts): the ratios the project's goals are stated in, and the notes on
 * steps that left nothing. Pure: results in, Markdown and text out. A ratio
 * whose measurements are missing says why instead of showing a number.
 */
import type { ResultEntry, ResultsFile } from '../bench/results/schema';
import { adapterName } from '../gpu/device';
import { pagedPairs } from './kv-report';
import { formatTable } from './report';

const SHADER_COPIES = ['bandwidth/copy', 'bandwidth/copy-vec4'];
const DRIVER_COPY = 'bandwidth/native-copy';

const good = (r: ResultEntry): boolean => r.correct && r.medianMs !== null;
const g3 = (v: number): string => Number(v.toPrecision(3)).toString();
const shape = (p: Readonly<Record<string, number>>): string => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');

function best(results: readonly ResultEntry[], pick: (r: ResultEntry) => boolean, by: 'gbps' | 'gflops'): ResultEntry | undefined {
  return results.filter((r) => pick(r) && good(r) && r[by] !== null).sort((a, b) => (b[by] ?? 0) - (a[by] ?? 0))[0];
}

/** Best shader copy over the driver's copyBufferToBuffer, both from the calibration (rotated buffers). */
function copyRow(results: readonly ResultEntry[]): string[] {
  const cal = results.filter((r) => r.suite === 'calibration');
  const shader = best(cal, (r) => SHADER_COPIES.includes(r.kernel), 'gbps');
  const driver = best(cal, (r) => r.kernel === DRIVER_COPY, 'gbps');
  if (!shader || !driver) return ['best shader copy / copyBufferToBuffer', '—', 'no calibration in the record'];
  return ['best shader copy / copyBufferToBuffer', g3(shader.gbps! / driver.gbps!), `${shader.kernel} ${g3(shader.gbps!)} GB/s, driver ${g3(driver.gbps!)} GB/s`];
}

/** Best matmul anywhere in the record (the ladder, the 1024³ runs) over the calibrated FMA ceiling. */
function matmulRows(file: ResultsFile): string[][] {
  const m = best(file.results, (r) => r.kernel.startsWith('matmul/'), 'gflops');
  const ceiling = file.ceilings?.gflops;
  const fma = m && ceiling ? ['best matmul / FMA ceiling', g3(m.gflops! / ceiling), `${m.kernel} ${shape(m.params)}: ${g3(m.gflops!)} GFLOP/s; ceiling ${g3(ceiling)} GFLOP/s`] : ['best matmul / FMA ceiling', '—', m ? 'no calibration in the record' : 'no correct matmul run'];
  const peer = best(file.results, (r) => r.kernel === 'peer/tfjs-matmul', 'gflops');
  const ours = peer && best(file.results, (r) => r.kernel.startsWith('matmul/') && shape(r.params) === shape(peer.params), 'gflops');
  const tfjs = peer && ours
    ? ['best matmul / TF.js', g3(ours.gflops! / peer.gflops!), `${ours.kernel} ${shape(ours.params)}`]
    : ['best matmul / TF.js', '—', 'TF.js runs in the page: browser backend only (npm run bench -- --kernels \'matmul/*\' --peers)'];
  return [fma, tfjs];
}

/** Flash's speed over unfused at the longest length where both ran correctly (the attention sweep). */
function flashRow(results: readonly ResultEntry[]): string[] {
  const sweep = results.filter((r) => r.suite === 'sweep:attention' && good(r));
  const at = (kernel: string, n: number) => sweep.find((r) => r.kernel === kernel && r.params.N === n);
  const both = [...new Set(sweep.map((r) => r.params.N ?? 0))].sort((a, b) => b - a).find((n) => at('attention/unfused', n) && at('attention/flash', n));
  if (both === undefined) return ['unfused time / flash time', '—', 'no attention sweep in the record'];
  const unfused = at('attention/unfused', both)!;
  const flash = at('attention/flash', both)!;
  return ['unfused time / flash time', g3(unfused.medianMs! / flash.medianMs!), `N = L = ${both}: unfused ${g3(unfused.medianMs!)} ms, flash ${g3(flash.medianMs!)} ms`];
}

/** Paged decode's time over contiguous decode's on the same sequences (kv-report.ts pairs them); the goal is at most 1.15. */
function pagedRow(results: readonly ResultEntry[]): string[] {
  const pair = pagedPairs(results.filter(good)).at(-1);
  if (!pair) return ['paged / contiguous decode', '—', 'no kv/paged-decode and kv/contiguous-decode pair in the record'];
  return ['paged / contiguous decode', g3(pair.ratio), `${shape(pair.params)}: paged ${g3(pair.pagedMs)} ms, contiguous ${g3(pair.contiguousMs)} ms (goal ≤ 1.15)`];
}

/** The device's table, with what it was measured on and how, as the README's performance section shows it. */
export function recordSummary(file: ResultsFile, command: string): string {
  const env = file.environment;
  const cpu = file.device.isFallbackAdapter ? ' — a CPU adapter (software): these figures say nothing about a GPU' : '';
  const lines = [
    `### ${env?.adapter ?? adapterName(file.device)}, ${env?.backend ?? 'unknown'} backend${cpu}`,
    '',
    `Adapter ${adapterName(file.device)}; driver ${env?.driver || file.device.description || 'not reported'}; backend ${env?.backend ?? 'unknown'} (${env?.runtime ?? ''}); host ${env?.host ?? 'unknown'}; ${file.generatedAt.slice(0, 10)}.`,
    `Command: \`${command}\``,
    '',
    '| ratio | value | measured |',
    '| --- | --- | --- |',
    ...[copyRow(file.results), ...matmulRows(file), flashRow(file.results), pagedRow(file.results)].map((r) => `| ${r.join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** The same table as plain text, for the terminal. */
export function recordSummaryText(file: ResultsFile): string {
  const rows = [copyRow(file.results), ...matmulRows(file), flashRow(file.results), pagedRow(file.results)];
  return formatTable(['ratio', 'value', 'measured'], rows);
}

/** What the record says about its steps: one "Note:" line per step that was stopped, not run, or failed. */
export function stepNotes(problems: readonly string[]): string[] {
  return problems.map((p) => `Note: ${p}`);
}

/**
 * The end of a record in which no step left results: which steps were stopped, not run or failed (as a record
 * with results lists them), and, when time ran out, what to change.
 */
export function nothingRecorded(problems: readonly string[], timedOut: boolean): string {
  const hint = timedOut ? ['The steps ran out of time: give the record more (--minutes, up to 60), or measure less (--size small).'] : [];
  return ['No step finished: nothing to record.', ...stepNotes(problems), ...hint].join('\n');
}
