/** Measuring the device (in the device panel), the roofline, and the sweeps. */
import { lazy, Suspense, useState } from 'react';
import { ridgeIntensity } from '../bench/results/roofline';
import { progressText } from '../bench/run/measure';
import type { SuiteProgress } from '../bench/suites/suite';
import { SWEEPS, type SweepKind } from '../bench/suites/sweeps';
import { SIZE_PRESETS, type SizePreset } from '../kernels/spec';
import { formatBandwidth, formatFlops, formatRate } from './format';
import type { DeviceSuites } from './hooks/useDeviceSuites';

const RooflineChart = lazy(() => import('./RooflineChart'));
const SweepChart = lazy(() => import('./SweepChart'));

const SWEEP_TITLES: Record<SweepKind, string> = {
  'working-set': 'Bandwidth vs working set',
  intensity: 'Intensity sweep',
  stride: 'Strided read',
  'matmul-ladder': 'Matmul ladder',
  attention: 'Attention: time and memory vs length',
};

export function SuiteProgressLine({ progress, onCancel }: { progress: SuiteProgress | undefined; onCancel: () => void }) {
  return (
    <div className="progress" role="status" data-testid="suite-progress">
      <span>
        {progress ? `${progress.index + 1}/${progress.total} ${progress.label}` : 'Starting…'}
        {progress?.run && ` · ${progressText(progress.run)}`}
      </span>
      <button type="button" onClick={onCancel}>Cancel</button>
    </div>
  );
}

function SizeSelect({ value, onChange, id }: { value: SizePreset; onChange: (s: SizePreset) => void; id: string }) {
  return (
    <select id={id} aria-label="sizes" value={value} onChange={(e) => onChange(e.target.value as SizePreset)}>
      {SIZE_PRESETS.map((s) => <option key={s} value={s}>{s}</option>)}
    </select>
  );
}

/** In the device panel: the measured ceilings and "Measure this device". */
/** Small sizes on a software adapter (slow), medium elsewhere, until the user picks. */
function useSize(fallback: boolean): [SizePreset, (s: SizePreset) => void] {
  const [picked, setPicked] = useState<SizePreset>();
  return [picked ?? (fallback ? 'small' : 'medium'), setPicked];
}

export function CeilingsSection({ suites, fallback, blocked }: { suites: DeviceSuites; fallback: boolean; blocked: boolean }) {
  const [size, setSize] = useSize(fallback);
  const c = suites.ceilings;
  return (
    <section className="ceilings" aria-label="Measured ceilings">
      <h3>Measured ceilings</h3>
      {c ? (
        <dl className="facts">
          <dt>bandwidth</dt><dd><span data-testid="ceiling-gbps">{formatBandwidth(c.gbps)}</span> <span className="muted">best of the copies: {c.bandwidthFrom}</span></dd>
          <dt>compute (f32)</dt><dd><span data-testid="ceiling-gflops">{formatFlops(c.gflops)}</span> <span className="muted">{c.computeFrom}</span></dd>
          {c.gflopsF16 !== undefined && (<><dt>compute (f16)</dt><dd>{formatFlops(c.gflopsF16)}</dd></>)}
          <dt>ridge</dt><dd>{formatRate(ridgeIntensity(c))} FLOP/byte <span className="muted">(below it a kernel is memory-bound)</span></dd>
          <dt>measured</dt><dd className="muted">{new Date(c.measuredAt).toLocaleString()}, {c.size} sizes, {c.timing}</dd>
        </dl>
      ) : (
        <p className="muted">Not measured on this device yet. The roofline needs both ceilings.</p>
      )}
      {suites.copyVsDriver !== undefined && (
        <p className="small">Our best shader copy reached {(suites.copyVsDriver * 100).toFixed(0)}% of the driver's copyBufferToBuffer, side by side.</p>
      )}
      {suites.busy === 'calibration' ? (
        <SuiteProgressLine progress={suites.progress} onCancel={suites.cancel} />
      ) : (
        <div className="run-bar">
          <label htmlFor="calibration-size">sizes</label>
          <SizeSelect id="calibration-size" value={size} onChange={setSize} />
          <button type="button" onClick={() => suites.measure(size)} disabled={blocked}>Measure this device</button>
        </div>
      )}
    </section>
  );
}

export function RooflinePanel({ suites, current }: { suites: DeviceSuites; current: string }) {
  return (
    <section className="panel roofline" aria-label="Roofline">
      <h2>Roofline <span className="muted">(every run on this device)</span></h2>
      {!suites.ceilings && <p className="muted small">Measure this device (device panel) to draw the roof.</p>}
      <Suspense fallback={<p className="muted">Loading chart…</p>}>
        <RooflineChart runs={suites.runs} ceilings={suites.ceilings} current={current} />
      </Suspense>
      <p className="muted small">Copies and fills have no arithmetic and sit off this chart; their bandwidth is in the sweeps below. The highlighted points are the kernel in the editor.</p>
    </section>
  );
}

export function SweepsPanel({ suites, fallback, blocked }: { suites: DeviceSuites; fallback: boolean; blocked: boolean }) {
  // The sweep on show is remembered: a reload or a narrow layout must not hide the one just run.
  const [kind, setKindState] = useState<SweepKind>(() => {
    const saved = localStorage.getItem('kernel-lab-sweep-kind');
    return SWEEPS.includes(saved as SweepKind) ? (saved as SweepKind) : 'intensity';
  });
  const setKind = (k: SweepKind): void => {
    localStorage.setItem('kernel-lab-sweep-kind', k);
    setKindState(k);
  };
  const [size, setSize] = useSize(fallback);
  const shown = suites.sweeps[kind];
  return (
    <section className="panel sweeps" aria-label="Sweeps">
      <h2>Sweeps</h2>
      <div className="run-bar">
        <select aria-label="sweep" value={kind} onChange={(e) => setKind(e.target.value as SweepKind)}>
          {SWEEPS.map((k) => <option key={k} value={k}>{SWEEP_TITLES[k]}</option>)}
        </select>
        <SizeSelect id="sweep-size" value={size} onChange={setSize} />
        <button type="button" onClick={() => suites.sweep(kind, size)} disabled={blocked || suites.busy !== undefined}>Run sweep</button>
      </div>
      {suites.busy !== undefined && suites.busy !== 'calibration' && <SuiteProgressLine progress={suites.progress} onCancel={suites.cancel} />}
      {shown ? (
        <Suspense fallback={<p className="muted">Loading chart…</p>}>
          <SweepChart sweep={shown} ceilings={suites.ceilings} />
        </Suspense>
      ) : (
        <p className="muted small">Not run on this device yet.</p>
      )}
    </section>
  );
}
