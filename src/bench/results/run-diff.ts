/**
 * Two runs of one kernel side by side: what differs between them (parameters,
 * constants, device, timing method, the files that ran) and how their speed
 * changed, in words. The page's "Compare two runs" shows it and formats the
 * figures itself; nothing here knows about the page.
 *
 * Runs are "a" (the earlier, or the one compared from) and "b" (compared to);
 * every ratio is b's speed over a's, so above 1 means b is faster.
 */
import { adapterName } from '../../gpu/device';
import { sourceHash } from '../../kernels/hash';
import type { RunRecord } from '../run/record';
import { judgeReliability, relativeNoise, speedComparison } from './reliability';

export interface ValueChange {
  readonly kind: 'parameter' | 'constant';
  readonly name: string;
  /** Undefined where that run had no such value (a parameter added since, a constant the code no longer declares). */
  readonly a: number | undefined;
  readonly b: number | undefined;
}

type Values = Readonly<Record<string, number>>;

/** A value both runs had, the same in both. */
export interface SameValue {
  readonly kind: 'parameter' | 'constant';
  readonly name: string;
  readonly value: number;
}

function changesIn(kind: ValueChange['kind'], a: Values, b: Values): { changed: ValueChange[]; same: SameValue[] } {
  // a's names in a's order, then the ones only b has: the order the panel shows them in.
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const changed: ValueChange[] = [];
  const same: SameValue[] = [];
  for (const name of names) {
    const [va, vb] = [a[name], b[name]];
    if (va !== undefined && Object.is(va, vb)) same.push({ kind, name, value: va });
    else changed.push({ kind, name, a: va, b: vb });
  }
  return { changed, same };
}

/**
 * The parameters and constants whose values differ between two runs, and
 * those that are the same; parameters first, each in the order the runs
 * list them.
 */
export function valueChanges(a: Pick<RunRecord, 'params' | 'constants'>, b: Pick<RunRecord, 'params' | 'constants'>): { readonly changed: readonly ValueChange[]; readonly same: readonly SameValue[] } {
  const p = changesIn('parameter', a.params, b.params);
  const c = changesIn('constant', a.constants, b.constants);
  return { changed: [...p.changed, ...c.changed], same: [...p.same, ...c.same] };
}

export interface SettingChange {
  readonly what: 'device' | 'timing';
  readonly a: string;
  readonly b: string;
}

const TIMING_NAME: Record<RunRecord['timing'], string> = { 'timestamp-query': 'GPU timestamps', 'wall-clock': 'wall clock' };

/** The device (by adapter name) and the timing method, where the two runs differ in them. */
export function settingChanges(a: Pick<RunRecord, 'device' | 'timing'>, b: Pick<RunRecord, 'device' | 'timing'>): SettingChange[] {
  const out: SettingChange[] = [];
  const [da, db] = [adapterName(a.device), adapterName(b.device)];
  if (da !== db) out.push({ what: 'device', a: da, b: db });
  if (a.timing !== b.timing) out.push({ what: 'timing', a: TIMING_NAME[a.timing], b: TIMING_NAME[b.timing] });
  return out;
}

type Timed = Pick<RunRecord, 'medianMs' | 'flops' | 'bytes' | 'gflops' | 'gbps' | 'cv' | 'samples' | 'stoppedBy' | 'sampling' | 'repsPerSample' | 'correct' | 'device' | 'timing'>;

export interface SpeedChange {
  /**
   * What the runs are compared by: their median times when both did the same
   * work (equal FLOPs and bytes in the cost model); otherwise their GFLOP/s,
   * or GB/s for kernels without FLOPs; 'none' when neither can be compared.
   */
  readonly basis: 'time' | 'gflops' | 'gbps' | 'none';
  /** b's speed over a's (above 1: b is faster); undefined with basis 'none'. */
  readonly ratio: number | undefined;
  /** The relative gap within which the two are the same speed (reliability.ts relativeNoise). */
  readonly noise: number;
  /** "run #5 is 1.80× faster than run #3", with "(within the noise of ±n%)" when the gap is inside the noise. */
  readonly sentence: string;
  /** What to keep in mind: a shaky median, an incorrect run, another device or timing method. */
  readonly notes: readonly string[];
}

const positive = (v: number): boolean => Number.isFinite(v) && v > 0;

/**
 * How much faster b is than a, in words, by speedComparison and relativeNoise
 * (reliability.ts): by median time when the cost model says both did the same
 * work, else by throughput (a time at another size measures other work). The
 * notes name what makes the comparison weaker: a median judgeReliability flags
 * (`run #3's median is shaky: …`), an incorrect run, a different device or
 * timing method. `names` are how the sentence calls the runs ("run #3 (library)").
 */
export function speedChange(a: Timed, b: Timed, names: { readonly a: string; readonly b: string }): SpeedChange {
  const notes: string[] = [];
  for (const [r, name] of [[a, names.a], [b, names.b]] as const) {
    const judged = judgeReliability(r);
    if (!judged.reliable) notes.push(`${name}'s median is shaky: ${judged.problems.join('; ')}. Run it again before trusting the comparison.`);
    if (!r.correct) notes.push(`${name} was incorrect (its outputs failed the check): its speed counts for nothing until it is correct.`);
  }
  for (const s of settingChanges(a, b)) {
    notes.push(s.what === 'device'
      ? `The runs were on different devices (${s.a}, ${s.b}): the gap is not the code's alone.`
      : `The runs were timed differently (${s.a}, ${s.b}): the wall clock includes submission latency, so the gap is not the code's alone.`);
  }
  const noise = relativeNoise(a, b);
  const none = (sentence: string): SpeedChange => ({ basis: 'none', ratio: undefined, noise, sentence, notes });
  const untimed = [a, b].findIndex((r) => !positive(r.medianMs));
  if (untimed >= 0) return none(`${untimed === 0 ? names.a : names.b} has no measured time to compare.`);
  if (a.flops === b.flops && a.bytes === b.bytes) {
    return { basis: 'time', ratio: a.medianMs / b.medianMs, noise, sentence: speedComparison(a.medianMs / b.medianMs, names.b, names.a, noise), notes };
  }
  const basis = positive(a.gflops) && positive(b.gflops) ? 'gflops' : positive(a.gbps) && positive(b.gbps) ? 'gbps' : undefined;
  if (!basis) return none('The runs did different work, and the cost model gives neither FLOPs nor bytes to compare them by.');
  const ratio = b[basis] / a[basis];
  const unit = basis === 'gflops' ? 'GFLOP/s' : 'GB/s';
  return { basis, ratio, noise, sentence: `By ${unit} (the runs did different work, so their times do not compare): ${speedComparison(ratio, names.b, names.a, noise)}`, notes };
}

/** The files a run can keep: the WGSL, and for your own kernels the sidecar and the reference module. */
export type RunFile = 'kernel.wgsl' | 'sidecar.json' | 'reference.js';

type Kept = Pick<RunRecord, 'sourceHash' | 'filesHash' | 'wgsl' | 'sidecar' | 'referenceModule'>;

/** Texts a run's missing files may be recovered from: other runs, the library's source, the current draft. */
export interface FileTexts {
  readonly wgsl?: string | undefined;
  readonly sidecar?: string | undefined;
  readonly referenceModule?: string | undefined;
}

/** The fingerprint of your own kernel's three files together: the record's filesHash, as useKernelRun makes it. */
export const filesFingerprint = (wgsl: string, sidecar: string, referenceModule: string): string => sourceHash([wgsl, sidecar, referenceModule].join('\u0000'));

/**
 * A run's files, those it did not keep (records saved before runs kept them)
 * recovered from `candidates` by fingerprint: the WGSL from any text whose
 * sourceHash is the run's, the sidecar and reference from a set of three
 * files whose fingerprint is the run's filesHash. What cannot be recovered
 * stays undefined.
 */
export function recoverFiles(run: Kept, candidates: readonly FileTexts[]): FileTexts {
  const wgsl = run.wgsl ?? candidates.find((c) => c.wgsl !== undefined && sourceHash(c.wgsl) === run.sourceHash)?.wgsl;
  if (run.filesHash === undefined || (run.sidecar !== undefined && run.referenceModule !== undefined)) return { wgsl, sidecar: run.sidecar, referenceModule: run.referenceModule };
  const match = candidates.find((c) => c.wgsl !== undefined && c.sidecar !== undefined && c.referenceModule !== undefined && filesFingerprint(c.wgsl, c.sidecar, c.referenceModule) === run.filesHash);
  return { wgsl, sidecar: run.sidecar ?? match?.sidecar, referenceModule: run.referenceModule ?? match?.referenceModule };
}

export interface FileChange {
  readonly file: RunFile;
  /**
   * 'same' (by text, or by fingerprint when a text was not kept), 'changed'
   * (both texts known and different), or 'not kept': a run was saved before
   * runs kept their files and no fingerprint settles it.
   */
  readonly status: 'same' | 'changed' | 'not kept';
  readonly a: string | undefined;
  readonly b: string | undefined;
  /** For 'not kept': which runs lack the text. */
  readonly missing: readonly ('a' | 'b')[];
}

/**
 * The files of two runs compared: the WGSL always, the sidecar and the
 * reference too for your own kernels (`custom`). Pass the runs' files as
 * recoverFiles gives them, and the runs for their fingerprints.
 */
export function fileChanges(a: Kept, b: Kept, files: { readonly a: FileTexts; readonly b: FileTexts }, custom: boolean): FileChange[] {
  const which: readonly [RunFile, keyof FileTexts][] = custom
    ? [['kernel.wgsl', 'wgsl'], ['sidecar.json', 'sidecar'], ['reference.js', 'referenceModule']]
    : [['kernel.wgsl', 'wgsl']];
  return which.map(([file, key]) => {
    const [ta, tb] = [files.a[key], files.b[key]];
    if (ta !== undefined && tb !== undefined) return { file, status: ta === tb ? 'same' : 'changed', a: ta, b: tb, missing: [] };
    const sameByPrint = key === 'wgsl' ? a.sourceHash === b.sourceHash : a.filesHash !== undefined && a.filesHash === b.filesHash;
    if (sameByPrint) return { file, status: 'same', a: ta ?? tb, b: tb ?? ta, missing: [] };
    return { file, status: 'not kept', a: ta, b: tb, missing: [...(ta === undefined ? ['a' as const] : []), ...(tb === undefined ? ['b' as const] : [])] };
  });
}
