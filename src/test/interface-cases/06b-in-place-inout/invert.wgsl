// Invert levels in place: one read_write buffer, read and then written by the
// same invocation, as in most people's first compute shader.
@group(0) @binding(0) var<storage, read_write> levels: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&levels)) {
    levels[i] = 1.0 - levels[i];
  }
}
