// Register-blocked matmul: C (M×N) = A (M×K) · B (K×N), row-major.
// A workgroup of (BN/4)×(BM/4) invocations computes a BM×BN block of C; each
// invocation computes a 4×4 block of it, kept in registers. Per step of BK along
// K, the workgroup stages a BM×BK tile of A and a BK×BN tile of B in workgroup
// memory; each invocation then reads 4 values of A and 4 of B per k and does 16
// multiply-adds with them: four times the arithmetic per load of the tiled kernel.
// Invocation (tx, ty) owns rows ty, ty + BM/4, ty + 2·BM/4, ty + 3·BM/4 and
// columns tx, tx + BN/4, …: neighbouring invocations touch neighbouring columns
// (coalesced stores, conflict-free reads of the B tile).

struct Dims {
  M: u32,
  N: u32,
  K: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

override BM: u32 = 64; // rows of C per workgroup (a multiple of 4)
override BN: u32 = 64; // columns of C per workgroup (a multiple of 4)
override BK: u32 = 16; // depth of each staged step

const TM = 4u; // rows per invocation
const TN = 4u; // columns per invocation

var<workgroup> As: array<f32, BM * BK>; // As[r * BK + k]
var<workgroup> Bs: array<f32, BK * BN>; // Bs[k * BN + col]

@compute @workgroup_size(BN / TN, BM / TM)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(local_invocation_id) lid: vec3u,
  @builtin(local_invocation_index) tid: u32,
) {
  let threads = (BN / TN) * (BM / TM);
  let row0 = wid.y * BM;
  let col0 = wid.x * BN;
  // Rows ty, ty + BM/4, …; columns tx, tx + BN/4, …
  let rstep = BM / TM;
  let cstep = BN / TN;
  var acc: array<f32, 16>;
  var av: array<f32, 4>;
  var bv: array<f32, 4>;
  let steps = (dims.K + BK - 1u) / BK;
  for (var t = 0u; t < steps; t++) {
    let k0 = t * BK;
    for (var i = tid; i < BM * BK; i += threads) {
      let r = row0 + i / BK;
      let k = k0 + i % BK;
      var v = 0.0;
      if (r < dims.M && k < dims.K) {
        v = a[r * dims.K + k];
      }
      As[i] = v;
    }
    for (var i = tid; i < BK * BN; i += threads) {
      let k = k0 + i / BN;
      let col = col0 + i % BN;
      var v = 0.0;
      if (k < dims.K && col < dims.N) {
        v = b[k * dims.N + col];
      }
      Bs[i] = v;
    }
    workgroupBarrier();
    for (var k = 0u; k < BK; k++) {
      for (var i = 0u; i < TM; i++) {
        av[i] = As[(lid.y + i * rstep) * BK + k];
      }
      for (var j = 0u; j < TN; j++) {
        bv[j] = Bs[k * BN + lid.x + j * cstep];
      }
      for (var i = 0u; i < TM; i++) {
        for (var j = 0u; j < TN; j++) {
          acc[i * TN + j] = fma(av[i], bv[j], acc[i * TN + j]);
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < TM; i++) {
    let r = row0 + lid.y + i * rstep;
    for (var j = 0u; j < TN; j++) {
      let col = col0 + lid.x + j * cstep;
      if (r < dims.M && col < dims.N) {
        c[r * dims.N + col] = acc[i * TN + j];
      }
    }
  }
}
