// Bindings placed by module-scope consts, as libraries that share a layout
// between shaders write them: @binding(BASE + 1u) is valid WGSL.
const BASE = 0u;
const WG = 64u;

@group(0) @binding(BASE) var<storage, read> x: array<f32>;
@group(0) @binding(BASE + 1u) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&y)) {
    y[i] = 2.0 * x[i] + 1.0;
  }
}
