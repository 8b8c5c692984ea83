// fma-f16: the half-precision arithmetic ceiling (needs shader-f16). As fma.wgsl,
// with the chains in vec4<f16>; inputs and outputs stay f32 in memory.
enable f16;

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
  let b = vec4<f16>(f16(params.b));
  let c = vec4<f16>(f16(params.c));
  var acc: array<vec4<f16>, 8>;
  for (var j = 0u; j < ILP; j++) {
    acc[j] = vec4<f16>(x[i] + f32(j));
  }
  for (var t = 0u; t < params.iters; t++) {
    for (var j = 0u; j < ILP; j++) {
      acc[j] = fma(acc[j], b, c);
    }
  }
  var sum = vec4f(0.0);
  for (var j = 0u; j < ILP; j++) {
    sum += vec4f(acc[j]);
  }
  y[i] = sum;
}
