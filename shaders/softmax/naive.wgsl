// softmax/naive: y = softmax(x) along every row of an R×C matrix (row-major),
// in three passes, each a kernel of its own that reads the row from device
// memory again:
//   row_max:   m[r] = max_j x[r, j]
//   row_sum:   s[r] = Σ_j exp(x[r, j] − m[r])
//   normalise: y[r, j] = exp(x[r, j] − m[r]) / s[r]
// Subtracting the row's maximum keeps every exponent at or below zero, so exp
// never overflows however large the inputs. One workgroup per row (the rows
// folded onto a 2-D grid); invocation `lid` takes columns lid, lid + WG, …, so
// neighbours read neighbours, and the workgroup combines its WG partial
// results in a tree.

struct Dims {
  rows: u32,
  cols: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> maxima: array<f32>;
@group(0) @binding(3) var<storage, read_write> sums: array<f32>;
@group(0) @binding(4) var<uniform> dims: Dims;

override WG: u32 = 256; // a power of two

const LOWEST = -3.4e38; // about the most negative f32: the maximum of nothing

var<workgroup> part: array<f32, WG>;

/** The workgroup's maximum (op 0) or sum (op 1) of one value per invocation. */
fn combine(lid: u32, v: f32, op: u32) -> f32 {
  part[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      if (op == 0u) {
        part[lid] = max(part[lid], part[lid + s]);
      } else {
        part[lid] += part[lid + s];
      }
    }
    workgroupBarrier();
  }
  return part[0];
}

@compute @workgroup_size(WG)
fn row_max(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.y * groups.x + wid.x;
  if (row >= dims.rows) {
    return;
  }
  let base = row * dims.cols;
  var m = LOWEST;
  for (var j = lid; j < dims.cols; j += WG) {
    m = max(m, x[base + j]);
  }
  let rowMax = combine(lid, m, 0u);
  if (lid == 0u) {
    maxima[row] = rowMax;
  }
}

@compute @workgroup_size(WG)
fn row_sum(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.y * groups.x + wid.x;
  if (row >= dims.rows) {
    return;
  }
  let base = row * dims.cols;
  let m = maxima[row];
  var s = 0.0;
  for (var j = lid; j < dims.cols; j += WG) {
    s += exp(x[base + j] - m);
  }
  let rowSum = combine(lid, s, 1u);
  if (lid == 0u) {
    sums[row] = rowSum;
  }
}

@compute @workgroup_size(WG)
fn normalise(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.y * groups.x + wid.x;
  if (row >= dims.rows) {
    return;
  }
  let base = row * dims.cols;
  let m = maxima[row];
  let s = sums[row];
  for (var j = lid; j < dims.cols; j += WG) {
    y[base + j] = exp(x[base + j] - m) / s;
  }
}
