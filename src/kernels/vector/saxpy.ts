import source from '../../../shaders/vector/saxpy.wgsl?raw';
import { grid1d, WG_1D } from '../grid';
import type { KernelSpec } from '../spec';

export const saxpy: KernelSpec = {
  id: 'vector/saxpy',
  family: 'vector',
  title: 'SAXPY',
  summary: 'out = a·x + y. Two reads, one write and two FLOPs per element: firmly memory-bound.',
  source,
  params: [
    { name: 'N', label: 'N (elements)', default: 1 << 20, min: 1, max: 1 << 28 },
    { name: 'a', label: 'a (scale)', default: 2, min: -1e6, max: 1e6, integer: false },
  ],
  constants: [{ name: 'WG', default: 256, allowed: WG_1D, help: 'invocations per workgroup' }],
  buffers: [
    { name: 'x', binding: 0, role: 'input', type: 'f32', length: 'N' },
    { name: 'y', binding: 1, role: 'input', type: 'f32', length: 'N' },
    { name: 'out', binding: 2, role: 'output', type: 'f32', length: 'N' },
  ],
  uniforms: { binding: 3, fields: [{ name: 'n', type: 'u32', value: 'N' }, { name: 'a', type: 'f32', value: 'a' }] },
  passes: [{ entryPoint: 'main', workgroups: grid1d('N', 'WG') }],
  cost: { flops: '2 * N', bytes: '12 * N' },
  reference: ({ x, y }, { a = 0 }) => {
    // The GPU sees `a` as an f32.
    const af = Math.fround(a);
    const values = new Float64Array(x!.length);
    const terms = new Float64Array(x!.length);
    for (let i = 0; i < values.length; i++) {
      values[i] = af * x![i]! + y![i]!;
      terms[i] = Math.abs(af * x![i]!) + Math.abs(y![i]!);
    }
    return { out: { values, terms } };
  },
  tolerance: 1e-6,
  rotate: true,
  presets: { small: { N: 1 << 16, a: 2 }, medium: { N: 1 << 22, a: 2 }, large: { N: 1 << 26, a: 2 } },
};
