// Gather through an index buffer: picked[i] = src[order[i]]. `order` must be
// a permutation of 0..N-1, or elements are read twice and others never.
@group(0) @binding(0) var<storage, read> order: array<u32>;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> picked: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&picked)) {
    picked[i] = src[order[i]];
  }
}
