// softmax/online: y = softmax(x) along every row of an R×C matrix (row-major),
// in one kernel. One sweep over the row keeps a running maximum m and a sum l
// of exp(x − m); when a larger value arrives, the sum so far is rescaled by
// exp(m_old − m_new) (Milakov and Gimelshein, "Online normalizer calculation
// for softmax", 2018). A second sweep writes exp(x − m) / l. The naive
// kernel's separate max and sum passes, and their trip through device
// memory, are gone; the exponents stay at or below zero, so nothing overflows.
// One workgroup per row (the rows folded onto a 2-D grid); invocation `lid`
// takes columns lid, lid + WG, …, and the WG running pairs (m, l) are merged
// in a tree: (m₁, l₁) ⊕ (m₂, l₂) = (m, l₁·exp(m₁ − m) + l₂·exp(m₂ − m)), m = max(m₁, m₂).

struct Dims {
  rows: u32,
  cols: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

override WG: u32 = 256; // a power of two

const LOWEST = -3.4e38; // about the most negative f32: the maximum of nothing

var<workgroup> part_m: array<f32, WG>;
var<workgroup> part_l: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.y * groups.x + wid.x;
  if (row >= dims.rows) {
    return;
  }
  let base = row * dims.cols;
  var m = LOWEST;
  var l = 0.0;
  for (var j = lid; j < dims.cols; j += WG) {
    let v = x[base + j];
    if (v > m) {
      l = l * exp(m - v) + 1.0;
      m = v;
    } else {
      l += exp(v - m);
    }
  }
  part_m[lid] = m;
  part_l[lid] = l;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      let m1 = part_m[lid];
      let m2 = part_m[lid + s];
      let mm = max(m1, m2);
      part_l[lid] = part_l[lid] * exp(m1 - mm) + part_l[lid + s] * exp(m2 - mm);
      part_m[lid] = mm;
    }
    workgroupBarrier();
  }
  let rowMax = part_m[0];
  let rowSum = part_l[0];
  for (var j = lid; j < dims.cols; j += WG) {
    y[base + j] = exp(x[base + j] - rowMax) / rowSum;
  }
}
