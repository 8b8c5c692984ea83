// attention/unfused: O = softmax(Q·Kᵀ·scale [+ causal mask]) · V in three
// passes, with the score matrix S written to device memory in full.
//
// Shapes (row-major f32):
//   Q    [B, H, N, d]     queries: batch B, query heads H, query length N, head dimension d
//   K, V [B, Hkv, L, d]   keys and values: Hkv heads (Hkv divides H, and query head h
//                         reads key/value head h / (H / Hkv): grouped-query attention;
//                         Hkv = H is plain multi-head), key/value length L
//   O    [B, H, N, d]     output
//   S    [B, H, N, L]     scores, overwritten in place by the probabilities P
//   scale = 1/√d; causal: query i sits at position L − N + i and sees keys j ≤ L − N + i
//
// Passes:
//   scores:  S = Q·Kᵀ·scale, TILE×TILE tiles of Q and K staged in workgroup memory
//            (the tiled matmul); tiles above the causal diagonal are skipped
//   softmax: one workgroup per row of S, online (running max and rescaled sum), then
//            P = exp(S − max) / sum in place; masked keys get P = 0
//   pv:      O = P·V, tiled the same way, stopping at the last key a row block sees
// S is B·H·N·L floats: at N = L = 4096 it is 64 MiB per head, written once and
// read three times. That traffic, and that allocation, is what fusing removes.

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
@group(0) @binding(4) var<storage, read_write> s: array<f32>;
@group(0) @binding(5) var<uniform> shape: Shape;

override TILE: u32 = 16; // tile edge of the two matmul passes
override WG: u32 = 128; // invocations per row in the softmax pass (a power of two)

var<workgroup> tile_a: array<f32, TILE * TILE>;
var<workgroup> tile_b: array<f32, TILE * TILE>;
var<workgroup> part_m: array<f32, WG>;
var<workgroup> part_l: array<f32, WG>;

const LOWEST = -3.4e38; // about the most negative f32: the maximum of nothing

/** Keys 0 … visible(i) − 1 are seen by query i. */
fn visible(i: u32) -> u32 {
  if (shape.causal != 0u) {
    return min(shape.L, i + 1u + shape.L - shape.N); // N ≤ L when causal
  }
  return shape.L;
}

@compute @workgroup_size(TILE, TILE)
fn scores(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let b = wid.z / shape.H;
  let h = wid.z % shape.H;
  let kvh = h / (shape.H / shape.Hkv);
  let d = shape.d;
  let i0 = wid.y * TILE;
  let j0 = wid.x * TILE;
  // A tile wholly above the diagonal is never read by the softmax: skip it.
  if (j0 >= visible(min(i0 + TILE, shape.N) - 1u)) {
    return;
  }
  let i = i0 + lid.y;
  let j = j0 + lid.x;
  let qRow = ((b * shape.H + h) * shape.N) * d;
  let kRow = ((b * shape.Hkv + kvh) * shape.L) * d;
  var acc = 0.0;
  for (var c0 = 0u; c0 < d; c0 += TILE) {
    // tile_a[y][x] = Q[i0 + y][c0 + x]; tile_b[y][x] = K[j0 + y][c0 + x]; zero outside.
    var qa = 0.0;
    if (i < shape.N && c0 + lid.x < d) {
      qa = q[qRow + i * d + c0 + lid.x];
    }
    tile_a[lid.y * TILE + lid.x] = qa;
    var kb = 0.0;
    if (j0 + lid.y < shape.L && c0 + lid.x < d) {
      kb = k[kRow + (j0 + lid.y) * d + c0 + lid.x];
    }
    tile_b[lid.y * TILE + lid.x] = kb;
    workgroupBarrier();
    for (var c = 0u; c < TILE; c++) {
      acc += tile_a[lid.y * TILE + c] * tile_b[lid.x * TILE + c];
    }
    workgroupBarrier();
  }
  if (i < shape.N && j < shape.L) {
    s[(wid.z * shape.N + i) * shape.L + j] = acc * shape.scale;
  }
}

@compute @workgroup_size(WG)
fn softmax(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.y * groups.x + wid.x; // over B·H·N
  if (row >= shape.B * shape.H * shape.N) {
    return;
  }
  let base = row * shape.L;
  let seen = visible(row % shape.N);
  var m = LOWEST;
  var l = 0.0;
  for (var j = lid; j < seen; j += WG) {
    let x = s[base + j];
    if (x > m) {
      l = l * exp(m - x) + 1.0;
      m = x;
    } else {
      l += exp(x - m);
    }
  }
  part_m[lid] = m;
  part_l[lid] = l;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) {
      let m1 = part_m[lid];
      let m2 = part_m[lid + stride];
      let mm = max(m1, m2);
      part_l[lid] = part_l[lid] * exp(m1 - mm) + part_l[lid + stride] * exp(m2 - mm);
      part_m[lid] = mm;
    }
    workgroupBarrier();
  }
  let rowMax = part_m[0];
  let rowSum = part_l[0];
  for (var j = lid; j < shape.L; j += WG) {
    var p = 0.0;
    if (j < seen) {
      p = exp(s[base + j] - rowMax) / rowSum;
    }
    s[base + j] = p;
  }
}

@compute @workgroup_size(TILE, TILE)
fn pv(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let b = wid.z / shape.H;
  let h = wid.z % shape.H;
  let kvh = h / (shape.H / shape.Hkv);
  let d = shape.d;
  let i0 = wid.y * TILE;
  let i = i0 + lid.y;
  let c = wid.x * TILE + lid.x;
  let pRow = wid.z * shape.N * shape.L;
  let vRow = ((b * shape.Hkv + kvh) * shape.L) * d;
  // Keys past the last one this row block sees hold P = 0: stop before them.
  let keys = visible(min(i0 + TILE, shape.N) - 1u);
  var acc = 0.0;
  for (var j0 = 0u; j0 < keys; j0 += TILE) {
    // tile_a[y][x] = P[i0 + y][j0 + x]; tile_b[y][x] = V[j0 + y][c − lid.x + x].
    var pa = 0.0;
    if (i < shape.N && j0 + lid.x < shape.L) {
      pa = s[pRow + i * shape.L + j0 + lid.x];
    }
    tile_a[lid.y * TILE + lid.x] = pa;
    var vb = 0.0;
    if (j0 + lid.y < shape.L && c < d) {
      vb = v[vRow + (j0 + lid.y) * d + c];
    }
    tile_b[lid.y * TILE + lid.x] = vb;
    workgroupBarrier();
    for (var jj = 0u; jj < TILE; jj++) {
      acc += tile_a[lid.y * TILE + jj] * tile_b[jj * TILE + lid.x];
    }
    workgroupBarrier();
  }
  if (i < shape.N && c < d) {
    o[((b * shape.H + h) * shape.N + i) * d + c] = acc;
  }
}
