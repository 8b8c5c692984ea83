import { useId, useState, type ReactNode } from 'react';
import { formatBytes } from '../gpu/format';
import { evaluate } from '../kernels/expr';
import { planKernel, type ParamIssue } from '../kernels/plan';
import type { ReflectedOverride, Reflection } from '../kernels/reflect';
import type { KernelSpec } from '../kernels/spec';
import { formatSI } from './format';

/** Accepts plain numbers and small expressions such as 2**20 or 1024*1024. */
function parseNumber(text: string): number {
  if (text.trim() === '') return Number.NaN;
  try {
    return evaluate(text, {});
  } catch {
    return Number.NaN;
  }
}

function NumberField({ label, value, issue, help, onChange, name, check, disabled, follows }: {
  label: string;
  name: string;
  value: number;
  issue?: string | undefined;
  help?: string | undefined;
  onChange: (v: number) => void;
  /** A value this returns a message for stays in the field, explained, and goes nowhere. */
  check?: ((v: number) => string | undefined) | undefined;
  disabled?: boolean | undefined;
  /** Why the value follows something else (a column of the loaded data): the field is read-only and looks it, with the reason. */
  follows?: string | undefined;
}) {
  const id = useId();
  const [text, setText] = useState(Number.isNaN(value) ? '' : String(value));
  const [own, setOwn] = useState<string>();
  // When the value changes from outside (a reset, another kernel, an edit of the
  // code), show it, unless the text already says it in the user's own words ("2**10" for 1024).
  const [shown, setShown] = useState(value);
  if (!Object.is(shown, value)) {
    setShown(value);
    setOwn(undefined);
    if (!Object.is(parseNumber(text), value)) setText(Number.isNaN(value) ? '' : String(value));
  }
  const message = own ?? issue;
  return (
    <div className={`field${message ? ' invalid' : ''}${follows ? ' following' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        value={text}
        disabled={disabled}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-issue` : follows ? `${id}-follows` : undefined}
        title={help}
        onChange={(e) => {
          setText(e.target.value);
          const v = parseNumber(e.target.value);
          const problem = check?.(v);
          setOwn(problem);
          if (!problem) onChange(v);
        }}
      />
      {follows && <span className="visually-hidden" id={`${id}-follows`}>Read-only: {follows}.</span>}
      {message && <p className="field-error" id={`${id}-issue`} role="alert">{message}</p>}
    </div>
  );
}

/** A limit of this device the run would break, and what to change to get under it. */
export interface LimitIssue {
  readonly message: string;
  readonly remedy: 'workgroup' | 'sizes' | 'bindings';
}

function LimitLine({ issue }: { issue: LimitIssue }) {
  return <p className="field-error limit-issue" role="alert" data-testid="limit-issue"><strong>Too big for this device:</strong> {issue.message}</p>;
}

/** What an `override` of this WGSL type accepts, worded for the field. */
function overrideCheck(name: string, type: string | undefined): (v: number) => string | undefined {
  return (v) => {
    if (!Number.isFinite(v)) return `${name} must be a number.`;
    if (type === 'u32' && !(Number.isInteger(v) && v >= 0)) return `${name} is a u32 override: a whole number of at least 0.`;
    if (type === 'i32' && !Number.isInteger(v)) return `${name} is an i32 override: a whole number.`;
    return undefined;
  };
}

export function ParamsPanel({ spec, params, constants, overrides, reflection, issues, limitIssue, stale, onParam, onConstant, inputs, following = {} }: {
  spec: KernelSpec;
  params: Readonly<Record<string, number>>;
  /** The value of every constant that will run (the code's override defaults first). */
  constants: Readonly<Record<string, number>>;
  overrides: readonly ReflectedOverride[];
  /** The code in the editor, read: its layouts size the buffers in the summary. */
  reflection?: Reflection | undefined;
  issues: readonly ParamIssue[];
  /** The first limit of this device the run would break, before anything runs; shown beside what to change. */
  limitIssue?: LimitIssue | undefined;
  /** Why the spec shown is the last one that worked (read-only, greyed), in a sentence; undefined when it is current. */
  stale?: string | undefined;
  onParam: (name: string, v: number) => void;
  onConstant: (name: string, v: number) => void;
  /** What feeds the input buffers (DataFeedFields), under the parameters. */
  inputs?: ReactNode;
  /** Parameters that follow a data column, with why: read-only while they do. */
  following?: Readonly<Record<string, string>>;
}) {
  const issueOf = (name: string): string | undefined => issues.find((i) => i.name === name)?.message;
  const inCode = new Map(overrides.map((o) => [o.name, o]));
  const extra = overrides.filter((o) => !spec.constants.some((c) => c.name === o.name) && o.type !== 'bool');
  const where = (name: string): string => {
    const o = inCode.get(name);
    if (!o) return 'not declared in the code; the dispatch uses this value';
    return o.defaultText === undefined ? `declared at line ${o.line} without a default; this value is passed to the pipeline` : `override default at line ${o.line} of the code`;
  };
  return (
    <section className={stale ? 'panel params stale' : 'panel params'} aria-label="Parameters" aria-disabled={stale ? true : undefined} data-testid="params">
      <h2>Parameters</h2>
      {stale && <p className="muted small" data-testid="params-stale">{stale}</p>}
      <div className="fields">
        {spec.params.map((p) => (
          <NumberField key={p.name} name={p.name} label={p.label ?? p.name} value={params[p.name] ?? Number.NaN} issue={issueOf(p.name)} help={following[p.name] ?? p.help ?? `${p.min} … ${p.max}`} onChange={(v) => onParam(p.name, v)} disabled={stale !== undefined || following[p.name] !== undefined} follows={following[p.name]} />
        ))}
      </div>
      {inputs}
      {limitIssue && limitIssue.remedy !== 'workgroup' && <LimitLine issue={limitIssue} />}
      {(spec.constants.length > 0 || extra.length > 0) && (
        <>
          <h3>Constants <span className="muted">(WGSL <code>override</code>)</span></h3>
          <p className="muted small">The code&apos;s <code>override</code> defaults: a change here edits the code (Ctrl+Z in the editor undoes it).</p>
        </>
      )}
      <div className="fields">
        {spec.constants.map((c) => {
          const o = inCode.get(c.name);
          const value = constants[c.name] ?? c.default;
          if (o?.defaultText !== undefined && o.defaultValue === undefined) {
            return (
              <div className="field" key={c.name}>
                <span className="label">{c.name}</span>
                <code className="from-code" title="an expression in the code; edit it there">{o.defaultText}</code>
              </div>
            );
          }
          if (c.allowed) {
            const options = c.allowed.includes(value) ? c.allowed : [...c.allowed, value].sort((a, b) => a - b);
            return (
              <div className="field" key={c.name}>
                <label htmlFor={`const-${c.name}`}>{c.name}</label>
                <select id={`const-${c.name}`} name={c.name} value={value} title={`${c.help ?? ''}${c.help ? ' — ' : ''}${where(c.name)}`} disabled={stale !== undefined} onChange={(e) => onConstant(c.name, Number(e.target.value))}>
                  {options.map((v) => <option key={v} value={v}>{c.allowed!.includes(v) ? v : `${v} (from the code)`}</option>)}
                </select>
              </div>
            );
          }
          return <NumberField key={c.name} name={c.name} label={c.name} value={value} issue={issueOf(c.name)} help={`${c.help ?? ''}${c.help ? ' — ' : ''}${where(c.name)}`} check={overrideCheck(c.name, o?.type)} onChange={(v) => onConstant(c.name, v)} disabled={stale !== undefined} />;
        })}
        {extra.map((o) => (
          <NumberField key={o.name} name={o.name} label={`${o.name} (from your code)`} value={constants[o.name] ?? o.defaultValue ?? Number.NaN} issue={issueOf(o.name)} help={where(o.name)} check={overrideCheck(o.name, o.type)} onChange={(v) => onConstant(o.name, v)} disabled={stale !== undefined} />
        ))}
      </div>
      {limitIssue?.remedy === 'workgroup' && <LimitLine issue={limitIssue} />}
      <PlanSummary spec={spec} params={params} constants={constants} reflection={reflection} />
    </section>
  );
}

function PlanSummary({ spec, params, constants, reflection }: { spec: KernelSpec; params: Readonly<Record<string, number>>; constants: Readonly<Record<string, number>>; reflection: Reflection | undefined }) {
  let plan;
  try {
    plan = reflection && !reflection.problem ? planKernel(spec, params, constants, reflection) : planKernel(spec, params, constants);
  } catch {
    return null;
  }
  const flops = plan.flops;
  return (
    <p className="plan muted" data-testid="plan-summary">
      {plan.buffers.map((b) => `${b.spec.name} ${formatBytes(b.bytes)}`).join(', ')}
      {' · '}
      {plan.passes.map((p) => `${p.workgroups.join('×')} workgroups`).join(' + ')}
      {' · '}
      {flops > 0 ? `${formatSI(flops, 'FLOP')}, ` : ''}
      {formatBytes(plan.bytes)} minimum traffic
    </p>
  );
}
