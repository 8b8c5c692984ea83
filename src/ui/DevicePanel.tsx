import type { ReactNode } from 'react';
import { adapterName, DEFAULT_LIMITS, KEY_LIMITS, USEFUL_FEATURES } from '../gpu/device';
import type { GpuState } from '../gpu/session';
import { formatLimit } from './format';

const FEATURE_WHY: Record<(typeof USEFUL_FEATURES)[number], string> = {
  'timestamp-query': 'GPU-side timing (otherwise wall clock)',
  subgroups: 'subgroup operations in kernels',
  'shader-f16': 'half-precision kernels',
};

/** The header chip: which adapter, at a glance. Opens the device panel. */
export function DeviceChip({ state, open, onToggle }: { state: GpuState; open: boolean; onToggle: () => void }) {
  const label =
    state.status === 'ready' ? adapterName(state.ctx.info)
    : state.status === 'acquiring' ? 'Looking for a GPU…'
    : state.status === 'lost' ? 'GPU lost, recovering…'
    : 'No WebGPU';
  return (
    <button type="button" className={`device-chip ${state.status}`} aria-expanded={open} aria-controls="device-panel" onClick={onToggle} data-testid="device-chip">
      <span className="dot" aria-hidden="true" />
      {label}
      {state.status === 'ready' && (
        <span className="chip-features">
          {USEFUL_FEATURES.filter((f) => state.ctx.device.features.has(f)).join(' · ') || 'no optional features'}
        </span>
      )}
    </button>
  );
}

export function DevicePanel({ state, onReset, children }: { state: GpuState; onReset: () => void; children?: ReactNode }) {
  return (
    <section id="device-panel" className="panel device-panel" aria-label="Device" data-testid="device-panel">
      <h2>Device</h2>
      {state.status === 'acquiring' && <p>Asking the browser for a GPU adapter…</p>}
      {state.status === 'lost' && <p className="warn" role="status">{state.message}</p>}
      {state.status === 'unavailable' && (
        <div role="alert">
          <p className="error">{state.message}</p>
          <p>{state.advice}</p>
        </div>
      )}
      {state.status === 'ready' && <ReadyDevice state={state} onReset={onReset} />}
      {state.status === 'ready' && children}
    </section>
  );
}

function ReadyDevice({ state, onReset }: { state: Extract<GpuState, { status: 'ready' }>; onReset: () => void }) {
  const { info, device } = state.ctx;
  const withheld = '(not disclosed by the browser)';
  return (
    <>
      {state.notice && <p className="notice" role="status">{state.notice}</p>}
      <dl className="facts">
        <dt>Vendor</dt><dd data-testid="adapter-vendor">{info.vendor || withheld}</dd>
        <dt>Architecture</dt><dd>{info.architecture || withheld}</dd>
        <dt>Description</dt><dd>{info.description || info.device || withheld}</dd>
        {info.isFallbackAdapter && (<><dt>Kind</dt><dd>software (fallback) adapter: numbers say nothing about real GPUs</dd></>)}
      </dl>
      <h3>Features</h3>
      <ul className="features">
        {USEFUL_FEATURES.map((f) => (
          <li key={f} className={device.features.has(f) ? 'yes' : 'no'}>
            <code>{f}</code> {device.features.has(f) ? 'yes' : 'no'} <span className="muted">— {FEATURE_WHY[f]}</span>
          </li>
        ))}
      </ul>
      <h3>Limits</h3>
      <p className="muted">The device was requested with the adapter's own limits; WebGPU's defaults are shown for comparison.</p>
      <table className="limits">
        <thead><tr><th>limit</th><th>this device</th><th>default</th></tr></thead>
        <tbody>
          {KEY_LIMITS.map((name) => (
            <tr key={name}>
              <td><code>{name}</code></td>
              <td data-testid={`limit-${name}`}>{info.limits[name] === undefined ? '—' : formatLimit(name, info.limits[name])}</td>
              <td className="muted">{formatLimit(name, DEFAULT_LIMITS[name])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onReset}>Reset device</button>
    </>
  );
}
