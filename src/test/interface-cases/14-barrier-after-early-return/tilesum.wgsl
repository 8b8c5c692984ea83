// Per-workgroup sums. Invocations past the end of x return early, so the
// barrier below is reached by only some invocations of the last workgroup:
// WGSL's uniformity analysis rejects it at compile time.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> sums: array<f32>;

var<workgroup> tile: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  if (gid.x >= arrayLength(&x)) {
    return;
  }
  tile[lid] = x[gid.x];
  workgroupBarrier();
  if (lid == 0u) {
    var s = 0.0;
    for (var k = 0u; k < 64u; k++) {
      s += tile[k];
    }
    sums[wg.x] = s;
  }
}
