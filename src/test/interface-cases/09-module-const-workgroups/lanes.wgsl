// The workgroup size is a module-scope const, and the sidecar's dispatch
// divides by the same name.
const LANES = 96u;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(LANES)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&y)) {
    y[i] = x[i] * x[i] - 0.5;
  }
}
