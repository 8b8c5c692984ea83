// kv/paged-decode: one new query token per sequence, for a batch of sequences of
// different lengths, attending over each one's cached keys and values read
// through its block table (vLLM's PagedAttention v2: Kwon et al., SOSP 2023).
// Long sequences are split into partitions of PARTITION tokens (512, as vLLM's
// v2 kernel), one workgroup each, and a second pass combines the partitions.
//
// Shapes (row-major; f32 unless noted):
//   q                 [S, H, d]                      each sequence's new query, H heads of dimension d
//   k_cache, v_cache  [blocks, block_size, Hkv, d]   the paged cache: slot = block · block_size + offset
//   block_table       [S, max_blocks] u32            sequence s's token j is in block block_table[s, j / block_size]
//   context_lens      [S] u32                        tokens each sequence holds (≥ 1, ≤ L)
//   o                 [S, H, d]                      output
//   part_o            [S, H, P, d]                   each partition's unnormalised output, P = ⌈L / PARTITION⌉
//   part_ml           [S, H, P, 2]                   each partition's maximum score m and sum l of exp(score − m)
// Query head h reads key/value head h / (H / Hkv) (grouped-query attention); scale = 1/√d.
// contiguous-decode.wgsl is this file with one line changed: where a token's row is.
//
// Passes:
//   partial: a workgroup per (partition, head, sequence); partitions past a sequence's
//            length return at once. Scores into workgroup memory (and each token's row,
//            so the P·V loop does not look the block table up again), max and sum by
//            tree reduction, then part_o = Σ exp(s − m)·V over the partition's tokens.
//   reduce:  per (head, sequence), over its ⌈len / PARTITION⌉ partitions,
//            M = max m, o = Σ part_o·exp(m − M) / Σ l·exp(m − M).

struct Shape {
  S: u32,
  H: u32,
  Hkv: u32,
  d: u32,
  L: u32, // the longest sequence the batch may hold: P = ⌈L / PARTITION⌉
  block_size: u32,
  max_blocks: u32,
  scale: f32,
}

@group(0) @binding(0) var<storage, read> q: array<f32>;
@group(0) @binding(1) var<storage, read> k_cache: array<f32>;
@group(0) @binding(2) var<storage, read> v_cache: array<f32>;
@group(0) @binding(3) var<storage, read> block_table: array<u32>;
@group(0) @binding(4) var<storage, read> context_lens: array<u32>;
@group(0) @binding(5) var<storage, read_write> o: array<f32>;
@group(0) @binding(6) var<storage, read_write> part_o: array<f32>;
@group(0) @binding(7) var<storage, read_write> part_ml: array<f32>;
@group(0) @binding(8) var<uniform> shape: Shape;

override WG: u32 = 64; // invocations per workgroup (a power of two)
override PARTITION: u32 = 512; // tokens per partition (one workgroup each)

const DMAX = 128u; // the largest head dimension the query tile holds
const LOWEST = -3.4e38; // about the most negative f32: the maximum of nothing

var<workgroup> q_tile: array<f32, DMAX>;
var<workgroup> scores: array<f32, PARTITION>;
var<workgroup> rows: array<u32, PARTITION>;
var<workgroup> part: array<f32, WG>;

/** Where token j of sequence s starts in k_cache and v_cache, for key/value head kvh. */
fn token_row(s: u32, j: u32, kvh: u32) -> u32 {
  let physical = block_table[s * shape.max_blocks + j / shape.block_size];
  return ((physical * shape.block_size + j % shape.block_size) * shape.Hkv + kvh) * shape.d;
}

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
  let p = wid.x;
  let h = wid.y;
  let s = wid.z;
  let len = context_lens[s];
  let j0 = p * PARTITION;
  if (j0 >= len) {
    return; // the whole workgroup: this sequence is shorter
  }
  let n = min(PARTITION, len - j0);
  let kvh = h / (shape.H / shape.Hkv);
  let d = shape.d;
  for (var c = lid; c < d; c += WG) {
    q_tile[c] = q[(s * shape.H + h) * d + c];
  }
  workgroupBarrier();
  var mLocal = LOWEST;
  for (var jj = lid; jj < n; jj += WG) {
    let row = token_row(s, j0 + jj, kvh);
    rows[jj] = row;
    var dot = 0.0;
    for (var c = 0u; c < d; c++) {
      dot += q_tile[c] * k_cache[row + c];
    }
    let x = dot * shape.scale;
    scores[jj] = x;
    mLocal = max(mLocal, x);
  }
  let m = combine(lid, mLocal, 0u);
  var lLocal = 0.0;
  for (var jj = lid; jj < n; jj += WG) {
    let e = exp(scores[jj] - m);
    scores[jj] = e;
    lLocal += e;
  }
  let l = combine(lid, lLocal, 1u); // its barriers also publish every e and row
  let slot = (s * shape.H + h) * groups.x + p;
  for (var c = lid; c < d; c += WG) {
    var acc = 0.0;
    for (var jj = 0u; jj < n; jj++) {
      acc += scores[jj] * v_cache[rows[jj] + c];
    }
    part_o[slot * d + c] = acc;
  }
  if (lid == 0u) {
    part_ml[2u * slot] = m;
    part_ml[2u * slot + 1u] = l;
  }
}

@compute @workgroup_size(WG)
fn reduce(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let h = wid.x;
  let s = wid.y;
  let d = shape.d;
  let parts = (context_lens[s] + PARTITION - 1u) / PARTITION;
  let first = (s * shape.H + h) * ((shape.L + PARTITION - 1u) / PARTITION);
  var mAll = LOWEST;
  for (var t = 0u; t < parts; t++) {
    mAll = max(mAll, part_ml[2u * (first + t)]);
  }
  var lAll = 0.0;
  for (var t = 0u; t < parts; t++) {
    lAll += part_ml[2u * (first + t) + 1u] * exp(part_ml[2u * (first + t)] - mAll);
  }
  for (var c = lid; c < d; c += WG) {
    var acc = 0.0;
    for (var t = 0u; t < parts; t++) {
      acc += part_o[(first + t) * d + c] * exp(part_ml[2u * (first + t)] - mAll);
    }
    o[(s * shape.H + h) * d + c] = acc / lAll;
  }
}
