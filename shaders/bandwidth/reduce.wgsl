// reduce: read-only bandwidth. Each workgroup sums CHUNK = WG * ITEMS consecutive
// elements and writes one partial sum, so almost every byte moved is a read.
// Invocation `lid` reads elements lid, lid + WG, lid + 2·WG, … of the chunk:
// neighbours read neighbours on every step (coalesced).

struct Params {
  n: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override WG: u32 = 256; // a power of two
override ITEMS: u32 = 16;

var<workgroup> scratch: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let group = wid.y * groups.x + wid.x;
  let base = group * WG * ITEMS;
  var acc = 0.0;
  for (var k = 0u; k < ITEMS; k++) {
    let i = base + k * WG + lid;
    if (i < params.n) {
      acc += src[i];
    }
  }
  scratch[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      scratch[lid] += scratch[lid + s];
    }
    workgroupBarrier();
  }
  // The 2-D grid may hold a few workgroups past the last chunk.
  if (lid == 0u && group < arrayLength(&partial)) {
    partial[group] = scratch[0];
  }
}
