/**
 * Your own kernels in the page: the starting point of "New kernel" (a complete
 * small example: WGSL, sidecar and reference, all editable), names, and the
 * placeholder spec shown while a sidecar does not parse.
 */
import type { KernelSpec } from './spec';

export const CUSTOM_FAMILY = 'custom';

export const TEMPLATE_WGSL = `// Your kernel: y = S · x over N elements.
// The sidecar (next tab) describes its parameters, buffers, dispatch and cost;
// bindings, roles and types it leaves out are read from this file.

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> n: u32;

override WG: u32 = 64;
override S: f32 = 3.0;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x < n) {
    y[gid.x] = S * x[gid.x];
  }
}
`;

export const TEMPLATE_SIDECAR = `{
  "title": "Scale by a constant",
  "params": [{ "name": "N", "default": 4099, "min": 1, "max": 16777216 }],
  "constants": [{ "name": "WG", "allowed": [32, 64, 128, 256] }],
  "buffers": [
    { "name": "x", "length": "N" },
    { "name": "y", "length": "N" }
  ],
  "uniforms": { "fields": [{ "name": "n", "type": "u32", "value": "N" }] },
  "workgroups": ["ceil(N / WG)"],
  "cost": { "flops": "N", "bytes": "8 * N" },
  "tolerance": 1e-6
}
`;

export const TEMPLATE_REFERENCE = `// The CPU reference: inputs by buffer name, then parameters, then constants.
// Return every output as an array of numbers; they are compared in float64.
export default function reference({ x }, { N }, { S }) {
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) y[i] = Math.fround(S) * x[i];
  return { y };
}
`;

/** A name for a new kernel, or why it cannot be one. */
export function customNameProblem(name: string, taken: readonly string[]): string | undefined {
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(name)) return 'Use 1–40 lower-case letters, digits and dashes, starting with a letter.';
  if (taken.includes(name)) return `You already have a kernel named ${name}.`;
  return undefined;
}

/** Stands in for a custom kernel whose sidecar does not make a spec yet: nothing to run. */
export function customShell(id: string): KernelSpec {
  return {
    id,
    family: CUSTOM_FAMILY,
    title: id.slice(CUSTOM_FAMILY.length + 1),
    summary: 'Your kernel. Its sidecar (JSON) describes it; the reference (JavaScript) checks it.',
    source: '',
    params: [],
    constants: [],
    buffers: [],
    passes: [],
    cost: { flops: 0, bytes: 0 },
    tolerance: 0,
  };
}
