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
override ILP: u32 = 8; // independent chains per invocation: 1, 2, 4 or 8

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
  let x0 = x[i];
  // Eight named chains, not an array: straight-line code every compiler keeps in
  // registers. ILP is a pipeline constant, so the untaken branches vanish at
  // pipeline creation and each step is ILP independent vec4 FMAs.
  var a0 = vec4<f16>(x0);
  var a1 = vec4<f16>(x0 + 1.0);
  var a2 = vec4<f16>(x0 + 2.0);
  var a3 = vec4<f16>(x0 + 3.0);
  var a4 = vec4<f16>(x0 + 4.0);
  var a5 = vec4<f16>(x0 + 5.0);
  var a6 = vec4<f16>(x0 + 6.0);
  var a7 = vec4<f16>(x0 + 7.0);
  for (var t = 0u; t < params.iters; t++) {
    a0 = fma(a0, b, c);
    if (ILP > 1u) {
      a1 = fma(a1, b, c);
    }
    if (ILP > 2u) {
      a2 = fma(a2, b, c);
      a3 = fma(a3, b, c);
    }
    if (ILP > 4u) {
      a4 = fma(a4, b, c);
      a5 = fma(a5, b, c);
      a6 = fma(a6, b, c);
      a7 = fma(a7, b, c);
    }
  }
  var sum = vec4f(a0);
  if (ILP > 1u) {
    sum += vec4f(a1);
  }
  if (ILP > 2u) {
    sum += vec4f(a2) + vec4f(a3);
  }
  if (ILP > 4u) {
    sum += vec4f(a4) + vec4f(a5) + vec4f(a6) + vec4f(a7);
  }
  y[i] = sum;
}
