/**
 * A kernel that never ends, for the runner's timeout tests on either backend:
 * its loop steps by a uniform the sidecar sets to 0, so no compiler can prove
 * it ends, and only --timeout frees the GPU.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes spin.wgsl and its sidecar into `dir`; returns the WGSL's path. */
export function writeSpinKernel(dir: string): string {
  writeFileSync(join(dir, 'spin.wgsl'), `@group(0) @binding(0) var<storage, read_write> y: array<f32>;
struct U { step: u32 }
@group(0) @binding(1) var<uniform> u: U;
@compute @workgroup_size(1) fn main() {
  var i = 1u;
  loop {
    i = i + u.step;
    y[0] = f32(i);
    if (i == 0u) { break; }
  }
}
`);
  writeFileSync(join(dir, 'spin.json'), JSON.stringify({
    params: [{ name: 'N', default: 1 }], buffers: [{ name: 'y', length: '1' }],
    uniforms: { fields: [{ name: 'step', value: '0' }] }, workgroups: [1], cost: { flops: '0', bytes: '4' },
  }));
  return join(dir, 'spin.wgsl');
}
