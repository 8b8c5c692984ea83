// x − max(x), the first step of a stable softmax, in two dispatches that
// share one bind group:
//   tile_max: each workgroup writes the largest of its 64 elements to `peaks`
//   subtract: invocation 0 of each workgroup folds all the peaks, the
//             workgroup shares the result through workgroupUniformLoad, and
//             every invocation subtracts it.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> peaks: array<f32>;
@group(0) @binding(2) var<storage, read_write> shifted: array<f32>;

const LOWEST = -3.4e38;

var<workgroup> best: array<f32, 64>;
var<workgroup> top: f32;

@compute @workgroup_size(64)
fn tile_max(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3u) {
  let i = wg.x * 64u + lid;
  var v = LOWEST;
  if (i < arrayLength(&x)) {
    v = x[i];
  }
  best[lid] = v;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      best[lid] = max(best[lid], best[lid + stride]);
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    peaks[wg.x] = best[0];
  }
}

@compute @workgroup_size(64)
fn subtract(@builtin(local_invocation_index) lid: u32, @builtin(global_invocation_id) gid: vec3u) {
  if (lid == 0u) {
    var m = LOWEST;
    for (var k = 0u; k < arrayLength(&peaks); k++) {
      m = max(m, peaks[k]);
    }
    top = m;
  }
  let m = workgroupUniformLoad(&top);
  if (gid.x < arrayLength(&shifted)) {
    shifted[gid.x] = x[gid.x] - m;
  }
}
