// fma: the arithmetic ceiling. Each invocation runs ILP independent chains of
// vec4 FMAs for `iters` steps; independent chains let the GPU overlap their
// latencies. Memory traffic is one vec4 in and one out per invocation.
// b and c come from a uniform so the compiler cannot fold the chains away.

struct Params {
  threads: u32,
  iters: u32,
  b: f32,
  c: f32,
}

@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(2) var<uniform> params: Params;

override WG: u32 = 256;
override ILP: u32 = 8; // 1 … 8 independent chains per invocation

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * groups.x + wid.x) * WG + lid;
  if (i >= params.threads) {
    return;
  }
  let b = vec4f(params.b);
  let c = vec4f(params.c);
  var acc: array<vec4f, 8>;
  for (var j = 0u; j < ILP; j++) {
    acc[j] = x[i] + f32(j);
  }
  for (var t = 0u; t < params.iters; t++) {
    // ILP is a pipeline constant: this loop unrolls and acc lives in registers.
    for (var j = 0u; j < ILP; j++) {
      acc[j] = fma(acc[j], b, c);
    }
  }
  var sum = vec4f(0.0);
  for (var j = 0u; j < ILP; j++) {
    sum += acc[j];
  }
  y[i] = sum;
}
