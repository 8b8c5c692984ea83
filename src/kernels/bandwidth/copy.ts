import source from '../../../shaders/bandwidth/copy.wgsl?raw';
import { grid1d, WG_1D } from '../grid';
import type { KernelSpec } from '../spec';

export const copy: KernelSpec = {
  id: 'bandwidth/copy',
  family: 'bandwidth',
  title: 'Copy (f32)',
  summary: 'dst = src, one float per invocation. Counts bytes read plus bytes written: the memory wall, plainly.',
  source,
  params: [{ name: 'N', label: 'N (elements)', default: 1 << 22, min: 1, max: 1 << 28 }],
  constants: [{ name: 'WG', default: 256, allowed: WG_1D, help: 'invocations per workgroup' }],
  buffers: [
    { name: 'src', binding: 0, role: 'input', type: 'f32', length: 'N' },
    { name: 'dst', binding: 1, role: 'output', type: 'f32', length: 'N' },
  ],
  uniforms: { binding: 2, fields: [{ name: 'n', type: 'u32', value: 'N' }] },
  passes: [{ entryPoint: 'main', workgroups: grid1d('N', 'WG') }],
  cost: { flops: 0, bytes: '8 * N' },
  reference: ({ src }) => ({ dst: Float64Array.from(src!) }),
  // A copy is exact.
  tolerance: 0,
  rotate: true,
  presets: { small: { N: 1 << 18 }, medium: { N: 1 << 24 }, large: { N: 1 << 26 } },
};
