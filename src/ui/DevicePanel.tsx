import { useEffect, useRef, type ReactNode, type Ref } from 'react';
import { useEscape } from './hooks/useEscape';
import { adapterName, DEFAULT_LIMITS, KEY_LIMITS, USEFUL_FEATURES } from '../gpu/device';
import type { GpuState } from '../gpu/session';
import { formatLimit } from './format';

const FEATURE_WHY: Record<(typeof USEFUL_FEATURES)[number], string> = {
  'timestamp-query': 'GPU-side timing (otherwise wall clock)',
  subgroups: 'subgroup operations in kernels',
  'shader-f16': 'half-precision kernels',
};

/**
 * The header chip: which adapter, at a glance. Opens the device panel. A
 * software adapter (SwiftShader, WARP) gets its own mark and word: its
 * numbers say nothing about a GPU, and a green dot would suggest they do.
 */
export function DeviceChip({ state, open, onToggle, ref }: { state: GpuState; open: boolean; onToggle: () => void; ref?: Ref<HTMLButtonElement> }) {
  const software = state.status === 'ready' && state.ctx.info.isFallbackAdapter;
  const label =
    state.status === 'ready' ? adapterName(state.ctx.info)
    : state.status === 'acquiring' ? 'Looking for a GPU…'
    : state.status === 'lost' ? 'GPU lost, recovering…'
    : 'No WebGPU';
  return (
    <button
      ref={ref}
      type="button"
      className={`device-chip ${state.status}${software ? ' software' : ''}`}
      aria-expanded={open}
      aria-controls="device-panel"
      onClick={onToggle}
      data-testid="device-chip"
      title={software ? 'A software adapter: WebGPU runs on the CPU, so its numbers say nothing about a GPU.' : 'Device details, limits and measured ceilings'}
    >
      <span className="dot" aria-hidden="true" />
      {label}
      {software && <span className="software-tag" data-testid="software-adapter">software (CPU)</span>}
      {state.status === 'ready' && (
        <span className="chip-features">
          {USEFUL_FEATURES.filter((f) => state.ctx.device.features.has(f)).join(' · ') || 'no optional features'}
        </span>
      )}
    </button>
  );
}

/**
 * Device details as a panel over the page (it never pushes the workspace
 * down). Escape or the close button shuts it and gives focus back to the chip.
 */
export function DevicePanel({ state, onReset, onClose, children }: { state: GpuState; onReset: () => void; onClose: () => void; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const panel = useRef<HTMLElement>(null);
  useEscape(true, onClose);
  useEffect(() => heading.current?.focus(), []);
  // A press anywhere else on the page closes it too (the chip toggles it itself).
  const latestClose = useRef(onClose);
  useEffect(() => {
    latestClose.current = onClose;
  });
  useEffect(() => {
    const onDown = (e: PointerEvent): void => {
      const t = e.target as Element | null;
      if (t && !panel.current?.contains(t) && !t.closest('[data-testid="device-chip"]')) latestClose.current();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, []);
  return (
    <section ref={panel} id="device-panel" className="panel device-panel" aria-label="Device" data-testid="device-panel">
      <div className="device-panel-head">
        <h2 ref={heading} tabIndex={-1}>Device</h2>
        <button type="button" className="close" onClick={onClose} aria-label="Close the device panel (Escape)">×</button>
      </div>
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
