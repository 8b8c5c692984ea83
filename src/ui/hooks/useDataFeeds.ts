/**
 * Columns of the loaded data as the current kernel's inputs: which column
 * feeds which buffer (kept per kernel, so it survives a reload), what null
 * values become, the size parameters that follow the columns' rows, and the
 * host arrays a run takes (RunOptions.data). The rules are in
 * bench/run/data-feed.ts; the conversion is src/data's columnToHost, refused
 * before anything is allocated when the buffer would pass the device's limit.
 */
import type { Table } from 'apache-arrow';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { feedTargets, fitToBuffer, planFeeds, type FeedRequest, type FeedTarget } from '../../bench/run/data-feed';
import type { DataInput } from '../../bench/run/run';
import { columnToHost, type ColumnRequest, type HostColumn, type NullPolicy } from '../../data/columns';
import { parseFill } from '../../data/fill';
import { messageOf } from '../../gpu/errors';
import { planKernel } from '../../kernels/plan';
import type { Reflection } from '../../kernels/reflect';
import type { KernelSpec, Params } from '../../kernels/spec';
import { getJson, putJson, type Store } from '../../store/store';
import { formatCount } from '../format';
import type { Log } from './useConsoleLog';
import type { LoadedDataFile } from './useDataFiles';

/** The column picked for one buffer, and what its nulls become (absent until the user chooses, when it has any). */
export interface FeedChoice {
  readonly file: string;
  readonly column: string;
  readonly nulls?: NullPolicy;
  /** Text typed for the fill value that is not one (not a number, empty, or out of the buffer's range): Run waits for a fix; the last good fill is never used in its place. */
  readonly fillText?: string;
}

/** A column that can feed a buffer, for the picker. */
export interface FeedOption {
  readonly column: string;
  readonly type: string;
  readonly nulls: number;
}

export interface FeedState {
  readonly target: FeedTarget;
  readonly choice: FeedChoice | undefined;
  /**
   * random: no column picked; ready: the column feeds the next run; nulls: the
   * column has nulls and no choice for them yet; waiting: its file is still
   * being restored; problem: it cannot feed this buffer (see `problem`).
   */
  readonly status: 'random' | 'ready' | 'nulls' | 'waiting' | 'problem';
  readonly problem?: string;
  /** The problem is the typed fill value (its field is marked invalid). */
  readonly fillRefused?: boolean;
  /** Null rows in the picked column. */
  readonly nulls: number;
  /** What was done to the values, in words ("4,096 values, sets N", "converted from Float64 to f32", "no copy"). */
  readonly notes: readonly string[];
  readonly options: readonly { readonly file: string; readonly columns: readonly FeedOption[] }[];
}

export interface DataFeeds {
  readonly states: readonly FeedState[];
  /** What the next run takes; empty when every input is random. */
  readonly inputs: readonly DataInput[];
  /** Parameters that follow a column, with the reason in words (their fields are read-only). */
  readonly following: Readonly<Record<string, string>>;
  /** Why Run waits because of the data, in words; undefined when it need not. */
  readonly blocked: string | undefined;
  choose(buffer: string, choice: FeedChoice | undefined): void;
}

const feedsKey = (kernel: string): string => `dataFeeds:${kernel}`;

type Converted = { readonly host: HostColumn } | { readonly problem: string };

/** Conversions per table: picking a column again, or another kernel picking it, converts nothing twice; they go with the table. */
const CONVERTED = new WeakMap<Table, Map<string, Converted>>();

function convertOnce(file: LoadedDataFile, column: string, request: ColumnRequest): Converted {
  let cache = CONVERTED.get(file.table);
  if (!cache) CONVERTED.set(file.table, (cache = new Map()));
  const key = JSON.stringify([column, request.kind, request.nulls, request.width ?? 0, request.maxBytes?.bytes ?? 0]);
  let result = cache.get(key);
  if (!result) {
    try {
      result = { host: columnToHost(file.table, column, request) };
    } catch (e) {
      result = { problem: messageOf(e) };
    }
    cache.set(key, result);
  }
  return result;
}

/** The smaller of the two limits a storage buffer must respect, with its name. */
function bufferLimit(limits: GPUSupportedLimits | undefined): { bytes: number; limit: string } | undefined {
  if (!limits) return undefined;
  return limits.maxBufferSize < limits.maxStorageBufferBindingSize
    ? { bytes: limits.maxBufferSize, limit: 'maxBufferSize' }
    : { bytes: limits.maxStorageBufferBindingSize, limit: 'maxStorageBufferBindingSize' };
}

export function useDataFeeds(args: {
  store: Store | undefined;
  spec: KernelSpec;
  params: Params | undefined;
  constants: Readonly<Record<string, number>> | undefined;
  reflection: Reflection | undefined;
  files: readonly LoadedDataFile[];
  restoring: boolean;
  limits: GPUSupportedLimits | undefined;
  setParam: (name: string, value: number) => void;
  log: Log;
}): DataFeeds {
  const { store, spec, params, constants, reflection, files, restoring, limits, setParam, log } = args;
  const [choices, setChoices] = useState<Readonly<Record<string, Readonly<Record<string, FeedChoice>>>>>({});

  useEffect(() => {
    if (!store) return;
    let live = true;
    const id = spec.id;
    void getJson<Record<string, FeedChoice>>(store, feedsKey(id)).then((saved) => {
      if (live && saved && typeof saved === 'object') setChoices((c) => (c[id] ? c : { ...c, [id]: saved }));
    });
    return () => {
      live = false;
    };
  }, [store, spec.id]);

  const kernelChoices = choices[spec.id];
  const choose = useCallback((buffer: string, choice: FeedChoice | undefined) => {
    const id = spec.id;
    setChoices((c) => {
      const mine: Record<string, FeedChoice> = { ...c[id] };
      if (choice) mine[buffer] = choice;
      else delete mine[buffer];
      if (store) void putJson(store, feedsKey(id), mine).catch((e: unknown) => log('warn', `The column picked for ${buffer} will not survive a reload (${messageOf(e)}).`));
      return { ...c, [id]: mine };
    });
  }, [spec.id, store, log]);

  const targets = useMemo(() => (reflection && !reflection.problem ? feedTargets(spec, reflection) : feedTargets(spec)), [spec, reflection]);
  const maxBytes = useMemo(() => bufferLimit(limits), [limits]);

  const resolved = useMemo(() => {
    const states = new Map<string, Omit<FeedState, 'options' | 'target'>>();
    const requests: FeedRequest[] = [];
    const pending = new Set<string>();
    for (const t of targets) {
      const choice = kernelChoices?.[t.buffer];
      if (!choice) {
        states.set(t.buffer, { choice, status: 'random', nulls: 0, notes: [] });
        continue;
      }
      const file = files.find((f) => f.name === choice.file);
      const col = file?.info.columns.find((c) => c.name === choice.column);
      const nulls = col?.nulls ?? 0;
      const problem = (text: string): void => void states.set(t.buffer, { choice, status: 'problem', problem: text, nulls, notes: [] });
      if (!file) {
        if (restoring) states.set(t.buffer, { choice, status: 'waiting', nulls, notes: [] });
        else problem(`${choice.file} is not loaded: load it again, or pick another column.`);
      } else if (!col) problem(`${choice.file} has no column ${choice.column}.`);
      else if (col.kernelWidth === undefined) problem(`Column ${col.name} of ${file.name} is ${col.type}: only numbers (or a FixedSizeList of them) can feed a buffer.`);
      else if (t.problem || !t.kind) problem(t.problem ?? `${t.buffer} cannot be fed from data.`);
      else {
        // A column whose nulls wait for a choice still sets the sizes: its rows are known.
        if (nulls > 0 && choice.nulls === undefined) pending.add(t.buffer);
        requests.push({ buffer: t.buffer, file: file.name, column: col.name, rows: file.info.rows, width: col.kernelWidth });
      }
    }
    const following: Record<string, number> = {};
    const why: Record<string, string> = {};
    const hosts = new Map<string, HostColumn>();
    for (const plan of planFeeds(spec, targets, requests, params ?? {})) {
      const r = requests.find((q) => q.buffer === plan.buffer)!;
      const choice = kernelChoices?.[plan.buffer];
      const file = files.find((f) => f.name === r.file)!;
      const nulls = file.info.columns.find((c) => c.name === r.column)?.nulls ?? 0;
      if (!plan.ok) {
        states.set(plan.buffer, { choice, status: 'problem', problem: plan.problem, nulls, notes: [] });
        continue;
      }
      const follow = (): void => {
        for (const [p, v] of Object.entries(plan.params)) {
          following[p] = v;
          why[p] ??= `follows column ${r.column} of ${r.file} (${formatCount(r.rows)} rows)`;
        }
      };
      if (pending.has(plan.buffer)) {
        follow();
        states.set(plan.buffer, { choice, status: 'nulls', nulls, notes: [] });
        continue;
      }
      const typed = choice?.fillText !== undefined && choice.nulls !== 'refuse' ? parseFill(choice.fillText, plan.kind) : undefined;
      if (typed && 'problem' in typed) {
        follow();
        states.set(plan.buffer, { choice, status: 'problem', problem: typed.problem, fillRefused: true, nulls, notes: [] });
        continue;
      }
      const result = convertOnce(file, r.column, { kind: plan.kind, nulls: choice?.nulls ?? 'refuse', file: file.name, ...(plan.width ? { width: plan.width } : {}), ...(maxBytes ? { maxBytes } : {}) });
      if ('problem' in result) {
        states.set(plan.buffer, { choice, status: 'problem', problem: result.problem, nulls, notes: [] });
        continue;
      }
      hosts.set(plan.buffer, result.host);
      const sets = Object.keys(plan.params);
      follow();
      const shape = result.host.shape.length === 2 ? `${formatCount(result.host.shape[0])} × ${formatCount(result.host.shape[1])} matrix` : `${formatCount(result.host.shape[0])} values`;
      // Rows that are a product (attention's B·H·N): say how they split, since only the last factor follows the column.
      const sizing = targets.find((t) => t.buffer === plan.buffer)?.sizing;
      const split = sizing?.kind === 'matrix' && sizing.times && sizing.times.length > 0 && plan.params[sizing.rows] !== undefined
        ? `${formatCount(result.host.shape[0])} rows = ${[...sizing.times, sizing.rows].join('·')}: ${sizing.rows} = ${formatCount(plan.params[sizing.rows]!)} with ${sizing.times.map((t) => `${t} = ${formatCount(following[t] ?? params?.[t] ?? Number.NaN)}`).join(', ')}`
        : undefined;
      const notes = [
        `${shape}, sets ${sets.join(' and ')}`,
        ...(split ? [split] : []),
        ...(r.width > 1 && targets.find((t) => t.buffer === plan.buffer)?.sizing?.kind === 'vector' ? [`rows of ${r.width} flattened`] : []),
        ...result.host.notes,
        ...(result.host.zeroCopy ? ['no copy'] : []),
      ];
      states.set(plan.buffer, { choice, status: 'ready', nulls, notes });
    }
    return { states, following, why, hosts };
  }, [targets, kernelChoices, files, restoring, spec, params, maxBytes]);

  // The parameters follow the columns: set any that differ (their fields are read-only meanwhile).
  useEffect(() => {
    if (!params) return;
    for (const [p, v] of Object.entries(resolved.following)) if (params[p] !== v) setParam(p, v);
  }, [resolved.following, params, setParam]);

  const inSync = params !== undefined && Object.entries(resolved.following).every(([p, v]) => params[p] === v);
  const { inputs, fitProblems } = useMemo(() => {
    const out: DataInput[] = [];
    const problems = new Map<string, string>();
    if (!inSync || !params || resolved.hosts.size === 0) return { inputs: out, fitProblems: problems };
    let lengths: Map<string, number>;
    try {
      const plan = reflection && !reflection.problem ? planKernel(spec, params, constants ?? {}, reflection) : planKernel(spec, params, constants ?? {});
      lengths = new Map(plan.buffers.map((b) => [b.spec.name, b.length]));
    } catch (e) {
      // The parameters panel says what is wrong with the parameters; until then no column feeds a run.
      for (const buffer of resolved.hosts.keys()) problems.set(buffer, `The buffers cannot be sized with these parameters and constants (${messageOf(e)}).`);
      return { inputs: out, fitProblems: problems };
    }
    for (const [buffer, host] of resolved.hosts) {
      const choice = kernelChoices?.[buffer];
      const file = files.find((f) => f.name === choice?.file);
      if (!choice || !file) continue;
      const filled = choice.nulls !== undefined && choice.nulls !== 'refuse' && (file.info.columns.find((c) => c.name === choice.column)?.nulls ?? 0) > 0 ? { nulls: { fill: choice.nulls.fill } } : {};
      try {
        const { values } = fitToBuffer(host.data, lengths.get(buffer) ?? 0, buffer);
        out.push({ buffer, values, file: file.name, column: choice.column, rows: file.info.rows, ...filled });
      } catch (e) {
        problems.set(buffer, messageOf(e));
      }
    }
    return { inputs: out, fitProblems: problems };
  }, [inSync, params, constants, reflection, spec, resolved.hosts, kernelChoices, files]);

  const options = useMemo(() => files.map((f) => ({
    file: f.name,
    columns: f.info.columns.filter((c) => c.kernelWidth !== undefined).map((c) => ({ column: c.name, type: c.type, nulls: c.nulls })),
  })).filter((o) => o.columns.length > 0), [files]);

  const states = targets.map((target): FeedState => {
    const s = resolved.states.get(target.buffer) ?? { choice: undefined, status: 'random' as const, nulls: 0, notes: [] };
    const fit = fitProblems.get(target.buffer);
    return { ...s, ...(fit ? { status: 'problem' as const, problem: fit } : {}), target, options };
  });
  const first = states.find((s) => s.status !== 'random' && s.status !== 'ready');
  const blocked = !first ? (inSync ? undefined : 'Setting the sizes to the data…')
    : first.status === 'nulls' ? `Choose what the ${formatCount(first.nulls)} nulls of column ${first.choice?.column} become (for ${first.target.buffer}) first.`
    : first.status === 'waiting' ? `Waiting for ${first.choice?.file} to load.`
    : first.fillRefused ? `The nulls of column ${first.choice?.column} (for ${first.target.buffer}) need a fill value: ${first.problem}`
    : `The data picked for ${first.target.buffer} cannot be used: see the parameters.`;
  return { states, inputs, following: resolved.why, blocked, choose };
}
