// Expand each sample into a 3-vector. An array<vec3<f32>> element takes 16
// bytes (3 floats and 4 bytes of padding); this kernel's sidecar sizes the
// output as 3·N floats, as if the vectors were packed.
@group(0) @binding(0) var<storage, read> samples: array<f32>;
@group(0) @binding(1) var<storage, read_write> trio: array<vec3<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&trio)) {
    let s = samples[i];
    trio[i] = vec3<f32>(s, 2.0 * s, -s);
  }
}
