// attention/fused: O = softmax(Q·Kᵀ·scale [+ causal mask]) · V in one kernel,
// the scores never written to memory.
//
// Shapes (row-major f32):
//   Q    [B, H, N, d]     queries: batch B, query heads H, query length N, head dimension d
//   K, V [B, Hkv, L, d]   keys and values: Hkv heads (Hkv divides H, and query head h
//                         reads key/value head h / (H / Hkv): grouped-query attention;
//                         Hkv = H is plain multi-head), key/value length L
//   O    [B, H, N, d]     output
//   scale = 1/√d; causal: query i sits at position L − N + i and sees keys j ≤ L − N + i
//
// A workgroup takes a block of WG query rows of one head, one invocation per
// row. Each walks the keys it sees with the online softmax: a running maximum
// m, a running sum l of exp(s − m), and the output accumulated unnormalised,
// rescaled by exp(m_old − m_new) whenever the maximum grows; it divides by l
// at the end. S never exists, so memory stays O(N·d) at any L. But every
// invocation reads K and V for itself: the reuse across rows is left to the
// caches (attention/flash stages them in workgroup memory instead).

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
@group(0) @binding(4) var<uniform> shape: Shape;

override WG: u32 = 64; // query rows per workgroup

const DMAX = 128u; // the largest head dimension the accumulator holds
const LOWEST = -3.4e38; // about the most negative f32: the maximum of nothing

/** Keys 0 … visible(i) − 1 are seen by query i. */
fn visible(i: u32) -> u32 {
  if (shape.causal != 0u) {
    return min(shape.L, i + 1u + shape.L - shape.N); // N ≤ L when causal
  }
  return shape.L;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = wid.x * WG + lid;
  if (i >= shape.N) {
    return;
  }
  let b = wid.z;
  let h = wid.y;
  let kvh = h / (shape.H / shape.Hkv);
  let d = shape.d;
  let qRow = ((b * shape.H + h) * shape.N + i) * d;
  let kvBase = ((b * shape.Hkv + kvh) * shape.L) * d;
  var acc: array<f32, DMAX>;
  var m = LOWEST;
  var l = 0.0;
  let seen = visible(i);
  for (var j = 0u; j < seen; j++) {
    let kRow = kvBase + j * d;
    var dot = 0.0;
    for (var c = 0u; c < d; c++) {
      dot += q[qRow + c] * k[kRow + c];
    }
    let x = dot * shape.scale;
    // p is the new key's weight and alpha rescales what came before, both against the running maximum.
    var p = 1.0;
    var alpha = 1.0;
    if (x > m) {
      alpha = exp(m - x);
      m = x;
    } else {
      p = exp(x - m);
    }
    l = l * alpha + p;
    for (var c = 0u; c < d; c++) {
      acc[c] = acc[c] * alpha + p * v[kRow + c];
    }
  }
  for (var c = 0u; c < d; c++) {
    o[qRow + c] = acc[c] / l;
  }
}
