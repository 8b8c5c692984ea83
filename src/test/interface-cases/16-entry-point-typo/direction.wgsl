// Forward and backward differences in one module; the sidecar must name the
// entry point to run.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> d: array<f32>;

@compute @workgroup_size(64)
fn forward(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&d)) {
    d[i] = x[min(i + 1u, arrayLength(&x) - 1u)] - x[i];
  }
}

@compute @workgroup_size(64)
fn backward(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&d)) {
    d[i] = x[i] - x[max(i, 1u) - 1u];
  }
}
