// intensity: read one vec4, apply K dependent FMAs to each lane, write it back.
// 2·K FLOPs per 8 bytes moved, so the arithmetic intensity is K / 4 FLOP/byte:
// small K is memory-bound, large K compute-bound. Sweep K to walk the roofline.
// b and c come from a uniform so the compiler cannot fold the chain away.

struct Params {
  n4: u32,
  k: u32,
  b: f32,
  c: f32,
}

@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(2) var<uniform> params: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * groups.x + wid.x) * WG + lid;
  if (i >= params.n4) {
    return;
  }
  let b = vec4f(params.b);
  let c = vec4f(params.c);
  var a = x[i];
  var j = 0u;
  // Eight FMAs per trip, so loop overhead stays small next to the arithmetic.
  for (; j + 8u <= params.k; j += 8u) {
    a = fma(a, b, c);
    a = fma(a, b, c);
    a = fma(a, b, c);
    a = fma(a, b, c);
    a = fma(a, b, c);
    a = fma(a, b, c);
    a = fma(a, b, c);
    a = fma(a, b, c);
  }
  for (; j < params.k; j++) {
    a = fma(a, b, c);
  }
  y[i] = a;
}
