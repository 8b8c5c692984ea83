// consume: the pump's kernel, a reduction with a work knob. Each invocation
// takes ITEMS values of the batch (lid, lid + WG, lid + 2·WG, … of its
// workgroup's chunk: neighbours read neighbours), runs K dependent FMAs on
// each (a ← a·b + c, with b and c from a uniform so the chain cannot be
// folded) and writes the sum of its ITEMS results to its own slot of
// sums[batch · perBatch + …]. Every batch keeps its own sums, so one readback
// after the run checks all of them. No barriers: the time goes into the FMAs,
// and K sets how long a batch takes (the pump wants a kernel slower than
// decoding, so that a good pipeline can keep the GPU busy).

struct Params {
  n: u32,
  k: u32,
  b: f32,
  c: f32,
  batch: u32,
  // Sums per batch: workgroups × WG for the largest batch.
  perBatch: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> sums: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override WG: u32 = 256;
override ITEMS: u32 = 16;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let group = wid.y * groups.x + wid.x;
  let slot = group * WG + lid;
  // The 2-D grid may hold a few workgroups past the batch's last one.
  if (slot >= params.perBatch) {
    return;
  }
  let base = group * WG * ITEMS;
  var sum = 0.0;
  for (var j = 0u; j < ITEMS; j++) {
    let i = base + j * WG + lid;
    if (i < params.n) {
      var a = x[i];
      var s = 0u;
      // Four FMAs per trip, so loop overhead stays small next to the arithmetic.
      for (; s + 4u <= params.k; s += 4u) {
        a = fma(a, params.b, params.c);
        a = fma(a, params.b, params.c);
        a = fma(a, params.b, params.c);
        a = fma(a, params.b, params.c);
      }
      for (; s < params.k; s++) {
        a = fma(a, params.b, params.c);
      }
      sum += a;
    }
  }
  sums[params.batch * params.perBatch + slot] = sum;
}
