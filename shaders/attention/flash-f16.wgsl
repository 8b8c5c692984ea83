// attention/flash-f16: attention/flash with its tiles in half precision
// (needs shader-f16). Q, K and V are rounded to f16 as they enter workgroup
// memory, which halves the tiles (so BC can double within the same 16 KiB);
// scores, the running maximum and sum and the output stay in f32, the usual
// mixed-precision recipe. Device memory stays f32: the same buffers,
// reference and shapes as attention/flash.
//
// Shapes (row-major f32):
//   Q    [B, H, N, d]     queries: batch B, query heads H, query length N, head dimension d
//   K, V [B, Hkv, L, d]   keys and values: Hkv heads (Hkv divides H, and query head h
//                         reads key/value head h / (H / Hkv): grouped-query attention;
//                         Hkv = H is plain multi-head), key/value length L
//   O    [B, H, N, d]     output
//   scale = 1/√d; causal: query i sits at position L − N + i and sees keys j ≤ L − N + i
//
// The algorithm is attention/flash's (Dao et al., "FlashAttention", 2022; the
// loop order of FlashAttention-2, 2023): see flash.wgsl for the walk.
enable f16;

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

override BR: u32 = 8; // query rows per workgroup: the Q tile
override BC: u32 = 32; // keys per K/V tile (twice flash's default: the tile is half the bytes)

const DMAX = 128u; // the largest head dimension the tiles hold
const LANES = 16u; // invocations per query row
const COLS = DMAX / LANES; // output columns each invocation owns
const KV_STRIDE = DMAX + 1u; // a K/V tile row, padded so the lanes' rows fall in different banks

var<workgroup> q_tile: array<f16, BR * DMAX>;
var<workgroup> kv_tile: array<f16, BC * KV_STRIDE>;
var<workgroup> s_tile: array<f32, BR * BC>;

const LOWEST = -3.4e38; // about the most negative f32: the maximum of nothing

/** Keys 0 … visible(i) − 1 are seen by query i. */
fn visible(i: u32) -> u32 {
  if (shape.causal != 0u) {
    return min(shape.L, i + 1u + shape.L - shape.N); // N ≤ L when causal
  }
  return shape.L;
}

@compute @workgroup_size(LANES, BR)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) tid: u32) {
  let b = wid.z;
  let h = wid.y;
  let kvh = h / (shape.H / shape.Hkv);
  let d = shape.d;
  let i0 = wid.x * BR;
  let r = lid.y;
  let lane = lid.x;
  let i = i0 + r;
  let qBase = ((b * shape.H + h) * shape.N) * d;
  let kvBase = ((b * shape.Hkv + kvh) * shape.L) * d;
  let threads = BR * LANES;

  // The Q tile, rows past N as zeros.
  for (var idx = tid; idx < BR * d; idx += threads) {
    let row = idx / d;
    var x = 0.0;
    if (i0 + row < shape.N) {
      x = q[qBase + (i0 + row) * d + idx % d];
    }
    q_tile[row * DMAX + idx % d] = f16(x);
  }

  // Keys this row sees, and the keys any row of the block sees (the tiles to visit).
  let seen = visible(min(i, shape.N - 1u));
  let blockSeen = visible(min(i0 + BR, shape.N) - 1u);
  var acc: array<f32, COLS>;
  var m = LOWEST;
  var l = 0.0;
  for (var j0 = 0u; j0 < blockSeen; j0 += BC) {
    workgroupBarrier(); // the Q tile is in place; the last V tile is used up
    for (var idx = tid; idx < BC * d; idx += threads) {
      let row = idx / d;
      var x = 0.0;
      if (j0 + row < shape.L) {
        x = k[kvBase + (j0 + row) * d + idx % d];
      }
      kv_tile[row * KV_STRIDE + idx % d] = f16(x);
    }
    workgroupBarrier();
    // Keys of this tile the row sees: the first n.
    var n = 0u;
    if (seen > j0) {
      n = min(BC, seen - j0);
    }
    for (var jj = lane; jj < n; jj += LANES) {
      var dot = 0.0;
      for (var c = 0u; c < d; c++) {
        dot += f32(q_tile[r * DMAX + c]) * f32(kv_tile[jj * KV_STRIDE + c]);
      }
      s_tile[r * BC + jj] = dot * shape.scale;
    }
    workgroupBarrier();
    for (var idx = tid; idx < BC * d; idx += threads) {
      let row = idx / d;
      var x = 0.0;
      if (j0 + row < shape.L) {
        x = v[kvBase + (j0 + row) * d + idx % d];
      }
      kv_tile[row * KV_STRIDE + idx % d] = f16(x);
    }
    workgroupBarrier();
    if (n > 0u) {
      var mTile = LOWEST;
      for (var jj = 0u; jj < n; jj++) {
        mTile = max(mTile, s_tile[r * BC + jj]);
      }
      let mNew = max(m, mTile);
      let alpha = exp(m - mNew);
      l *= alpha;
      for (var u = 0u; u < COLS; u++) {
        acc[u] *= alpha;
      }
      for (var jj = 0u; jj < n; jj++) {
        let p = exp(s_tile[r * BC + jj] - mNew);
        l += p;
        for (var u = 0u; u < COLS; u++) {
          let c = lane + u * LANES;
          if (c < d) {
            acc[u] += p * f32(kv_tile[jj * KV_STRIDE + c]);
          }
        }
      }
      m = mNew;
    }
  }
  if (i < shape.N) {
    for (var u = 0u; u < COLS; u++) {
      let c = lane + u * LANES;
      if (c < d) {
        o[qBase + i * d + c] = acc[u] / l;
      }
    }
  }
}
