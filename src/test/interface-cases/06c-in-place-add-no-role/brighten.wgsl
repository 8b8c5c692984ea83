// Brighten levels in place by adding one: a read_write buffer read and written
// by the same invocation, and no role given in the sidecar.
@group(0) @binding(0) var<storage, read_write> levels: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&levels)) {
    levels[i] = levels[i] + 1.0;
  }
}
