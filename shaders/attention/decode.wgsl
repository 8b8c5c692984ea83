// attention/decode: one new query per head (N = 1, as when a model generates a
// token) against L cached keys and values, split along L across workgroups
// (split-K, "flash-decoding"): a single query has too little work to fill a GPU
// any other way.
//
// Shapes (row-major f32):
//   Q    [B, H, d]        the new token's queries: batch B, query heads H, head dimension d
//   K, V [B, Hkv, L, d]   the cache: Hkv heads (Hkv divides H, and query head h reads
//                         key/value head h / (H / Hkv): grouped-query attention;
//                         Hkv = H is plain multi-head), L cached positions
//   O    [B, H, d]        output
//   part_o  [B, H, S, d]  each split's unnormalised output, S = ⌈L / CHUNK⌉ splits
//   part_ml [B, H, S, 2]  each split's maximum score m and sum l of exp(score − m)
//   scale = 1/√d; the query is the last position, so it sees every cached key
//
// Passes:
//   partial: a workgroup per (split, head, batch) takes CHUNK keys: their scores into
//            workgroup memory, the split's maximum and sum by tree reduction, then
//            part_o = Σ exp(s − m)·V with the invocations owning columns of d
//   combine: per (head, batch), M = max m, O = Σ part_o·exp(m − M) / Σ l·exp(m − M)

struct Shape {
  B: u32,
  H: u32,
  Hkv: u32,
  N: u32,
  L: u32,
  d: u32,
  causal: u32,
  scale: f32,
}

@group(0) @binding(0) var<storage, read> q: array<f32>;
@group(0) @binding(1) var<storage, read> k: array<f32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
@group(0) @binding(3) var<storage, read_write> o: array<f32>;
@group(0) @binding(4) var<storage, read_write> part_o: array<f32>;
@group(0) @binding(5) var<storage, read_write> part_ml: array<f32>;
@group(0) @binding(6) var<uniform> shape: Shape;

override WG: u32 = 64; // invocations per workgroup (a power of two)
override CHUNK: u32 = 256; // keys per split

const DMAX = 128u; // the largest head dimension the query tile holds
const LOWEST = -3.4e38; // about the most negative f32: the maximum of nothing

var<workgroup> q_tile: array<f32, DMAX>;
var<workgroup> scores: array<f32, CHUNK>;
var<workgroup> part: array<f32, WG>;

/** The workgroup's maximum (op 0) or sum (op 1) of one value per invocation. */
fn combine(lid: u32, x: f32, op: u32) -> f32 {
  part[lid] = x;
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
  let result = part[0];
  workgroupBarrier(); // everyone has read it before part is used again
  return result;
}

@compute @workgroup_size(WG)
fn partial(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let split = wid.x;
  let splits = groups.x;
  let h = wid.y;
  let b = wid.z;
  let kvh = h / (shape.H / shape.Hkv);
  let d = shape.d;
  let j0 = split * CHUNK;
  let n = min(CHUNK, shape.L - j0);
  let kvBase = ((b * shape.Hkv + kvh) * shape.L + j0) * d;
  for (var c = lid; c < d; c += WG) {
    q_tile[c] = q[(b * shape.H + h) * d + c];
  }
  workgroupBarrier();
  var mLocal = LOWEST;
  for (var jj = lid; jj < n; jj += WG) {
    var dot = 0.0;
    for (var c = 0u; c < d; c++) {
      dot += q_tile[c] * k[kvBase + jj * d + c];
    }
    let x = dot * shape.scale;
    scores[jj] = x;
    mLocal = max(mLocal, x);
  }
  let m = combine(lid, mLocal, 0u);
  var lLocal = 0.0;
  for (var jj = lid; jj < n; jj += WG) {
    let p = exp(scores[jj] - m);
    scores[jj] = p;
    lLocal += p;
  }
  let l = combine(lid, lLocal, 1u); // its barriers also publish every p
  let slot = (b * shape.H + h) * splits + split;
  for (var c = lid; c < d; c += WG) {
    var acc = 0.0;
    for (var jj = 0u; jj < n; jj++) {
      acc += scores[jj] * v[kvBase + jj * d + c];
    }
    part_o[slot * d + c] = acc;
  }
  if (lid == 0u) {
    part_ml[2u * slot] = m;
    part_ml[2u * slot + 1u] = l;
  }
}

@compute @workgroup_size(WG)
fn combine_splits(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let h = wid.x;
  let b = wid.y;
  let d = shape.d;
  let splits = (shape.L + CHUNK - 1u) / CHUNK;
  let first = (b * shape.H + h) * splits;
  var mAll = LOWEST;
  for (var s = 0u; s < splits; s++) {
    mAll = max(mAll, part_ml[2u * (first + s)]);
  }
  var lAll = 0.0;
  for (var s = 0u; s < splits; s++) {
    lAll += part_ml[2u * (first + s) + 1u] * exp(part_ml[2u * (first + s)] - mAll);
  }
  for (var c = lid; c < d; c += WG) {
    var acc = 0.0;
    for (var s = 0u; s < splits; s++) {
      acc += part_o[(first + s) * d + c] * exp(part_ml[2u * (first + s)] - mAll);
    }
    o[(b * shape.H + h) * d + c] = acc / lAll;
  }
}
