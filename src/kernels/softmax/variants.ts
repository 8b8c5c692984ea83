/**
 * Row softmax of an R×C matrix, twice: three passes (max, sum of
 * exponentials, normalise), and one pass with a running maximum and a
 * rescaled sum. Same problem, same reference; the lesson is the fusion: the
 * online kernel reads x twice instead of three times and launches once.
 */
import naiveSource from '../../../shaders/softmax/naive.wgsl?raw';
import onlineSource from '../../../shaders/softmax/online.wgsl?raw';
import { grid1d } from '../grid';
import type { BufferSpec, ConstantSpec, KernelSpec, ParamSpec, Reference } from '../spec';

const PARAMS: readonly ParamSpec[] = [
  { name: 'R', label: 'R (rows)', default: 4096, min: 1, max: 1 << 24 },
  { name: 'C', label: 'C (columns)', default: 1024, min: 1, max: 1 << 24 },
];

const WG: ConstantSpec = { name: 'WG', default: 256, allowed: [32, 64, 128, 256, 512, 1024], help: 'invocations per row (a power of two)' };

const X_Y: readonly BufferSpec[] = [
  { name: 'x', binding: 0, role: 'input', type: 'f32', length: 'R * C', dims: ['R', 'C'] },
  { name: 'y', binding: 1, role: 'output', type: 'f32', length: 'R * C', dims: ['R', 'C'] },
];

/**
 * softmax along each row in float64: yⱼ = exp(xⱼ − m) / Σₖ exp(xₖ − m), m the
 * row's maximum. The terms are a first-order bound on yⱼ's f32 error, in
 * units of the rounding: an error δ in an exponent's argument moves yⱼ by
 * yⱼ·δ, and exp's own error grows with |x − m| (WGSL allows 3 + 2·|x| ULP), so
 * sⱼ = yⱼ·(1 + |xⱼ − m| + Σₖ yₖ|xₖ − m|), the last term for the shared sum.
 */
export const softmaxReference: Reference = ({ x }, { R = 0, C = 0 }) => {
  const values = new Float64Array(R * C);
  const terms = new Float64Array(R * C);
  for (let r = 0; r < R; r++) {
    const base = r * C;
    let m = -Infinity;
    for (let j = 0; j < C; j++) m = Math.max(m, x![base + j]!);
    let sum = 0;
    for (let j = 0; j < C; j++) sum += Math.exp(x![base + j]! - m);
    let spread = 0;
    for (let j = 0; j < C; j++) {
      const y = Math.exp(x![base + j]! - m) / sum;
      values[base + j] = y;
      spread += y * (m - x![base + j]!);
    }
    for (let j = 0; j < C; j++) terms[base + j] = values[base + j]! * (1 + (m - x![base + j]!) + spread);
  }
  return { y: { values, terms } };
};

const COMMON = {
  family: 'softmax',
  params: PARAMS,
  constants: [WG],
  reference: softmaxReference,
  // Sums of C/WG values per invocation, then a tree: measured at 3e-8 to 8e-8 of the terms on SwiftShader.
  tolerance: 1e-5,
  presets: { small: { R: 256, C: 1000 }, medium: { R: 4096, C: 4096 }, large: { R: 8192, C: 4096 } },
} as const satisfies Partial<KernelSpec>;

export const softmaxNaive: KernelSpec = {
  ...COMMON,
  id: 'softmax/naive',
  title: 'Softmax, three passes',
  summary: 'Row max, then the sum of exponentials, then normalise: three kernels, each reading the row from device memory again.',
  source: naiveSource,
  buffers: [
    ...X_Y,
    { name: 'maxima', binding: 2, role: 'scratch', type: 'f32', length: 'R' },
    { name: 'sums', binding: 3, role: 'scratch', type: 'f32', length: 'R' },
  ],
  uniforms: { binding: 4, fields: [{ name: 'rows', type: 'u32', value: 'R' }, { name: 'cols', type: 'u32', value: 'C' }] },
  passes: [
    // One workgroup per row, the rows folded onto a 2-D grid past 65535.
    { entryPoint: 'row_max', workgroups: grid1d('R', '1') },
    { entryPoint: 'row_sum', workgroups: grid1d('R', '1') },
    { entryPoint: 'normalise', workgroups: grid1d('R', '1') },
  ],
  // FLOPs of the problem per element: the max, the subtraction, exp, the sum, the division.
  // Bytes: x read by each of the three passes, y written; the maxima written and read twice, the sums written and read.
  cost: { flops: '5 * R * C', bytes: '16 * R * C + 20 * R' },
  workgroupStorage: '4 * WG',
};

export const softmaxOnline: KernelSpec = {
  ...COMMON,
  id: 'softmax/online',
  title: 'Softmax, online (one pass)',
  summary: 'A running maximum and a rescaled sum in one sweep, then the normalised row: one kernel, x read twice, nothing else stored.',
  source: onlineSource,
  buffers: X_Y,
  uniforms: { binding: 2, fields: [{ name: 'rows', type: 'u32', value: 'R' }, { name: 'cols', type: 'u32', value: 'C' }] },
  passes: [{ entryPoint: 'main', workgroups: grid1d('R', '1') }],
  // x read by the running sweep and the normalising sweep, y written.
  cost: { flops: '5 * R * C', bytes: '12 * R * C' },
  workgroupStorage: '8 * WG',
};
