import { useId, useState } from 'react';
import type { ResolvedConstants } from '../bench/prepare';
import { formatBytes } from '../gpu/errors';
import { evaluate } from '../kernels/expr';
import { planKernel, type ParamIssue } from '../kernels/plan';
import type { ReflectedOverride } from '../kernels/reflect';
import type { KernelSpec } from '../kernels/spec';

/** Accepts plain numbers and small expressions such as 2**20 or 1024*1024. */
function parseNumber(text: string): number {
  if (text.trim() === '') return Number.NaN;
  try {
    return evaluate(text, {});
  } catch {
    return Number.NaN;
  }
}

function NumberField({ label, value, issue, help, onChange, name }: {
  label: string;
  name: string;
  value: number;
  issue?: string | undefined;
  help?: string | undefined;
  onChange: (v: number) => void;
}) {
  const id = useId();
  const [text, setText] = useState(Number.isNaN(value) ? '' : String(value));
  // When the value changes from outside (a reset, another kernel), show it, unless
  // the text already says it in the user's own words ("2**10" for 1024).
  const [shown, setShown] = useState(value);
  if (!Object.is(shown, value)) {
    setShown(value);
    if (!Object.is(parseNumber(text), value)) setText(Number.isNaN(value) ? '' : String(value));
  }
  return (
    <div className={issue ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        value={text}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue ? `${id}-issue` : undefined}
        title={help}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseNumber(e.target.value));
        }}
      />
      {issue && <p className="field-error" id={`${id}-issue`} role="alert">{issue}</p>}
    </div>
  );
}

export function ParamsPanel({ spec, params, constants, overrides, resolved, issues, onParam, onConstant }: {
  spec: KernelSpec;
  params: Readonly<Record<string, number>>;
  constants: Readonly<Record<string, number>>;
  overrides: readonly ReflectedOverride[];
  resolved: ResolvedConstants | undefined;
  issues: readonly ParamIssue[];
  onParam: (name: string, v: number) => void;
  onConstant: (name: string, v: number) => void;
}) {
  const issueOf = (name: string): string | undefined => issues.find((i) => i.name === name)?.message;
  const extra = overrides.filter((o) => !spec.constants.some((c) => c.name === o.name) && o.type !== 'bool');
  return (
    <section className="panel params" aria-label="Parameters">
      <h2>Parameters</h2>
      <div className="fields">
        {spec.params.map((p) => (
          <NumberField key={p.name} name={p.name} label={p.label ?? p.name} value={params[p.name] ?? Number.NaN} issue={issueOf(p.name)} help={p.help ?? `${p.min} … ${p.max}`} onChange={(v) => onParam(p.name, v)} />
        ))}
      </div>
      <h3>Constants <span className="muted">(WGSL <code>override</code>)</span></h3>
      <div className="fields">
        {spec.constants.map((c) =>
          c.allowed ? (
            <div className="field" key={c.name}>
              <label htmlFor={`const-${c.name}`}>{c.name}</label>
              <select id={`const-${c.name}`} name={c.name} value={constants[c.name] ?? c.default} title={c.help} onChange={(e) => onConstant(c.name, Number(e.target.value))}>
                {c.allowed.map((v) => <option key={v} value={v}>{v}</option>)}
              </select>
            </div>
          ) : (
            <NumberField key={c.name} name={c.name} label={c.name} value={constants[c.name] ?? c.default} issue={issueOf(c.name)} help={c.help} onChange={(v) => onConstant(c.name, v)} />
          ),
        )}
        {extra.map((o) => (
          <NumberField key={o.name} name={o.name} label={`${o.name} (from your code)`} value={constants[o.name] ?? o.defaultValue ?? Number.NaN} issue={issueOf(o.name)} onChange={(v) => onConstant(o.name, v)} />
        ))}
      </div>
      <PlanSummary spec={spec} params={params} resolved={resolved} />
    </section>
  );
}

function PlanSummary({ spec, params, resolved }: { spec: KernelSpec; params: Readonly<Record<string, number>>; resolved: ResolvedConstants | undefined }) {
  if (!resolved) return null;
  let plan;
  try {
    plan = planKernel(spec, params, resolved.values);
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
      {flops > 0 ? `${(flops / 1e6).toPrecision(3)} MFLOP, ` : ''}
      {formatBytes(plan.bytes)} minimum traffic
    </p>
  );
}
