/**
 * The training-memory calculator: what one GPU holds for a model of a chosen
 * size under data parallelism, ZeRO stages 1–3 and FSDP (the formulas and
 * their source: src/teach/memory-calculator.ts), as a stacked bar per
 * strategy and a table with the same numbers. Self-contained (its own state,
 * no props needed; `start` sets where it begins) so a lesson page embeds it
 * (a lesson's ```calculator``` cell); the run column shows it
 * behind a disclosure. A value that cannot be used is named under its field
 * and the last good figures stay on screen.
 */
import { useId, useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { activationBytes, memoryPerGpu, PRECISIONS, SetupError, STRATEGY_LABELS, type ActivationSetup, type MemoryPerGpu, type PrecisionName, type TrainingSetup } from '../teach/memory-calculator';
import { formatSI } from './format';

const STATES = [
  { key: 'parameters', label: 'parameters', color: '#3b7dd8' },
  { key: 'gradients', label: 'gradients', color: '#e08a1e' },
  { key: 'optimizer', label: 'optimizer states', color: '#2f9e6e' },
  { key: 'activations', label: 'activations', color: '#9a5bd1' },
] as const;

const bytesText = (b: number): string => formatSI(b, 'B');

/** The form's text, as typed: numbers are read when the figures are made. */
interface Form {
  readonly billions: string;
  readonly gpus: string;
  readonly precision: PrecisionName;
  readonly withActivations: boolean;
  readonly layers: string;
  readonly hidden: string;
  readonly heads: string;
  readonly sequence: string;
  readonly microBatch: string;
  readonly recompute: boolean;
}

/** The ZeRO paper's example, and a 7B-class transformer's shape for the activations. */
const START: Form = { billions: '7.5', gpus: '64', precision: 'mixed', withActivations: false, layers: '32', hidden: '4096', heads: '32', sequence: '2048', microBatch: '1', recompute: false };

type Good = { readonly rows: MemoryPerGpu[]; readonly setup: TrainingSetup };
type Outcome = Good | { readonly field: string; readonly message: string };

function compute(f: Form): Outcome {
  const activations: ActivationSetup | undefined = f.withActivations
    ? { layers: Number(f.layers), hidden: Number(f.hidden), heads: Number(f.heads), sequence: Number(f.sequence), microBatch: Number(f.microBatch), recompute: f.recompute }
    : undefined;
  const setup: TrainingSetup = { parameters: Number(f.billions) * 1e9, gpus: Number(f.gpus), precision: f.precision, ...(activations ? { activations } : {}) };
  const numberFields = ['billions', 'gpus', ...(f.withActivations ? ['layers', 'hidden', 'heads', 'sequence', 'microBatch'] : [])] as const;
  for (const name of numberFields) {
    if (f[name as keyof Form] === '' || !Number.isFinite(Number(f[name as keyof Form]))) return { field: name === 'billions' ? 'parameters' : name, message: 'Enter a number.' };
  }
  try {
    return { rows: memoryPerGpu(setup), setup };
  } catch (e) {
    if (e instanceof SetupError) return { field: e.field, message: e.message };
    throw e;
  }
}

/** Where the calculator starts; a lesson's calculator cell gives its own setup. */
export interface CalculatorStart {
  /** Parameters, in billions. */
  readonly billions?: number;
  /** Data-parallel GPUs. */
  readonly gpus?: number;
  readonly precision?: PrecisionName;
}

export function MemoryCalculator({ start }: { readonly start?: CalculatorStart } = {}) {
  const id = useId();
  const [first] = useState<Form>(() => ({
    ...START,
    ...(start?.billions === undefined ? {} : { billions: String(start.billions) }),
    ...(start?.gpus === undefined ? {} : { gpus: String(start.gpus) }),
    ...(start?.precision === undefined ? {} : { precision: start.precision }),
  }));
  const [form, setForm] = useState<Form>(first);
  // The first figures: the start's, or the paper's example when a start cannot be computed.
  const [good, setGood] = useState(() => { const made = compute(first); return 'rows' in made ? made : compute(START) as Good; });
  const outcome = compute(form);
  const problem = 'field' in outcome ? outcome : undefined;
  const { rows, setup } = good;
  const set = <K extends keyof Form>(key: K, value: Form[K]): void => {
    const next = { ...form, [key]: value };
    setForm(next);
    const made = compute(next);
    if ('rows' in made) setGood(made);
  };

  /** A number field with its label, and the problem under it when it is the one at fault. */
  const numberField = (key: keyof Form, field: string, label: ReactNode, attrs: { min: number; step: number | 'any' }): ReactNode => {
    const inputId = `${id}-${field}`;
    const bad = problem?.field === field;
    return (
      <div className="calc-field">
        <label htmlFor={inputId}>{label}</label>
        <input id={inputId} name={field} type="number" inputMode="decimal" min={attrs.min} step={attrs.step} value={String(form[key])} aria-invalid={bad} aria-describedby={bad ? `${inputId}-error` : undefined} onChange={(e) => set(key, e.target.value as never)} />
        {bad && <p id={`${inputId}-error`} className="field-error" role="alert">{problem.message}</p>}
      </div>
    );
  };

  const data = rows.map((r) => ({ name: STRATEGY_LABELS[r.strategy], ...Object.fromEntries(STATES.map((s) => [s.key, r[s.key] / 1e9])) }));
  const shownStates = STATES.filter((s) => s.key !== 'activations' || setup.activations);
  return (
    <div className="memory-calculator" data-testid="memory-calculator">
      <div className="calc-form">
        {numberField('billions', 'parameters', 'Parameters (billions)', { min: 0, step: 'any' })}
        {numberField('gpus', 'gpus', 'Data-parallel GPUs', { min: 1, step: 1 })}
        <div className="calc-field calc-wide">
          <label htmlFor={`${id}-precision`}>Precision</label>
          <select id={`${id}-precision`} value={form.precision} onChange={(e) => set('precision', e.target.value as PrecisionName)}>
            {Object.entries(PRECISIONS).map(([name, p]) => <option key={name} value={name}>{p.label}</option>)}
          </select>
        </div>
      </div>
      <div className="calc-activations">
        <label><input type="checkbox" checked={form.withActivations} onChange={(e) => set('withActivations', e.target.checked)} /> Add activations (an estimate, the same on every GPU)</label>
        {form.withActivations && (
          <div className="calc-form">
            {numberField('layers', 'layers', 'Layers', { min: 1, step: 1 })}
            {numberField('hidden', 'hidden', 'Hidden size', { min: 1, step: 1 })}
            {numberField('heads', 'heads', 'Attention heads', { min: 1, step: 1 })}
            {numberField('sequence', 'sequence', 'Sequence length', { min: 1, step: 1 })}
            {numberField('microBatch', 'microBatch', 'Micro-batch', { min: 1, step: 1 })}
            <label className="calc-field"><span><input type="checkbox" checked={form.recompute} onChange={(e) => set('recompute', e.target.checked)} /> Recompute activations (checkpointing)</span></label>
          </div>
        )}
      </div>
      {problem && <p className="muted" role="status">Showing the last figures that could be computed.</p>}
      <figure className="lesson-chart" aria-label="Bytes per GPU by strategy, stacked by what they hold">
        <ResponsiveContainer width="100%" height={230}>
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 12, bottom: 8, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" tickFormatter={(v: number) => `${Number(v.toPrecision(3))} GB`} />
            {/* As wide as its longest label, so "ZeRO stage 1" never wraps. */}
            <YAxis type="category" dataKey="name" width="auto" />
            <Tooltip formatter={(v) => bytesText(Number(v) * 1e9)} />
            <Legend />
            {shownStates.map((s) => <Bar key={s.key} dataKey={s.key} name={s.label} stackId="gpu" fill={s.color} isAnimationActive={false} />)}
          </BarChart>
        </ResponsiveContainer>
        <figcaption className="muted">
          Per GPU, {Number((setup.parameters / 1e9).toPrecision(4))} B parameters on {setup.gpus} GPU{setup.gpus === 1 ? '' : 's'}, {PRECISIONS[setup.precision].label}
          {setup.activations ? `, activations ${bytesText(activationBytes(setup.activations))} per GPU` : ''}. GB = 10⁹ bytes.
        </figcaption>
      </figure>
      {/* Focusable, so a keyboard can scroll it where it is wider than the screen. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Bytes per GPU, by strategy (table)">
        <table className="compare-table" data-testid="memory-table">
          <caption className="muted">Bytes per GPU</caption>
          <thead><tr><th scope="col">strategy</th>{shownStates.map((s) => <th key={s.key} scope="col">{s.label}</th>)}<th scope="col">total</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.strategy} data-strategy={r.strategy}>
                <th scope="row">{STRATEGY_LABELS[r.strategy]}</th>
                {shownStates.map((s) => <td key={s.key}>{bytesText(r[s.key])}</td>)}
                <td data-testid={`memory-total-${r.strategy}`}>{bytesText(r.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Mixed-precision Adam keeps 2 + 2 + K bytes per parameter (fp16 parameters and gradients; K = 12 for the fp32 parameters, momentum and
        variance). Data parallelism keeps all of it on every GPU; ZeRO stage 1 splits the optimizer states across the N GPUs, stage 2 the
        gradients too, stage 3 the parameters too; FSDP shards as stage 3 does. Rajbhandari et al., "ZeRO", SC 2020, section 5 and Figure 1;
        activations: Korthikanti et al., MLSys 2023, sbh(34 + 5as/h) bytes per layer.
      </p>
    </div>
  );
}
