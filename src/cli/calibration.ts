/** `--calibrate`: the device's ceilings, measured first so that every later result carries its share of the roof. */
import type { ResultEntry } from '../bench/results/schema';
import { ridgeIntensity } from '../bench/results/roofline';
import type { MeasuredCeilings } from '../bench/suites/calibrate';
import type { SizePreset } from '../kernels/spec';
import type { RunnerCall } from '../runner/protocol';
import { err, type StatusLine } from './status';

export interface CalibrationOutcome {
  /** The calibration's own runs (suite `calibration`). */
  readonly entries: readonly ResultEntry[];
  readonly ceilings?: MeasuredCeilings;
  readonly failed: boolean;
}

export async function runCalibration(call: RunnerCall, size: SizePreset, status: StatusLine): Promise<CalibrationOutcome> {
  status.begin('Calibrating', `Calibrating (${size})…`);
  const cal = await call('calibrate', size);
  status.end();
  if (!cal.ok) {
    err(`Calibration failed: ${cal.message}`);
    return { entries: [], failed: true };
  }
  const c = cal.ceilings;
  err(`Ceilings: ${c.gbps.toPrecision(4)} GB/s (${c.bandwidthFrom}), ${c.gflops.toPrecision(4)} GFLOP/s (${c.computeFrom})${c.gflopsF16 ? `, f16 ${c.gflopsF16.toPrecision(4)} GFLOP/s` : ''}; ridge at ${ridgeIntensity(c).toPrecision(3)} FLOP/byte`);
  if (cal.copyVsDriver !== null) err(`Best shader copy / copyBufferToBuffer: ${cal.copyVsDriver.toFixed(2)} (goal ≥ 0.90)`);
  return { entries: cal.entries, ceilings: c, failed: false };
}
