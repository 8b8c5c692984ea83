// Two uniforms: the blend weights in a struct, and the count on its own.
// Each needs its own block in the sidecar, named by binding.
struct Weights {
  w: vec2f,
  bias: f32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> mixed: array<f32>;
@group(0) @binding(3) var<uniform> weights: Weights;
@group(0) @binding(4) var<uniform> count: u32;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < count) {
    mixed[i] = weights.w.x * a[i] + weights.w.y * b[i] + weights.bias;
  }
}
