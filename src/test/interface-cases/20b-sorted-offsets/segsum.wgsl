// Segment sums: segment s covers values[starts[s] .. starts[s + 1]). The
// starts are cumulative lengths, so they must ascend; they are clamped to
// the values that exist.
@group(0) @binding(0) var<storage, read> starts: array<u32>;
@group(0) @binding(1) var<storage, read> values: array<f32>;
@group(0) @binding(2) var<storage, read_write> totals: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let s = gid.x;
  if (s < arrayLength(&totals)) {
    let end = arrayLength(&values);
    let lo = min(starts[s], end);
    let hi = min(starts[s + 1u], end);
    var acc = 0.0;
    for (var k = lo; k < hi; k++) {
      acc += values[k];
    }
    totals[s] = acc;
  }
}
