// Tiled matmul: C (M×N) = A (M×K) · B (K×N), row-major.
// A workgroup of TILE×TILE invocations computes a TILE×TILE block of C. For each
// step along K it copies one TILE×TILE tile of A and one of B into workgroup
// memory (each invocation loads one element of each), then every invocation
// reads TILE values of each from there. Each element fetched from device memory
// is used TILE times instead of once.

struct Dims {
  M: u32,
  N: u32,
  K: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

override TILE: u32 = 16;

var<workgroup> As: array<f32, TILE * TILE>;
var<workgroup> Bs: array<f32, TILE * TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = wid.y * TILE + lid.y;
  let col = wid.x * TILE + lid.x;
  var acc = 0.0;
  let steps = (dims.K + TILE - 1u) / TILE;
  for (var t = 0u; t < steps; t++) {
    // Out-of-range elements load as zero, so edge tiles need no special case below.
    let ka = t * TILE + lid.x;
    var av = 0.0;
    if (row < dims.M && ka < dims.K) {
      av = a[row * dims.K + ka];
    }
    As[lid.y * TILE + lid.x] = av;
    let kb = t * TILE + lid.y;
    var bv = 0.0;
    if (kb < dims.K && col < dims.N) {
      bv = b[kb * dims.N + col];
    }
    Bs[lid.y * TILE + lid.x] = bv;
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      acc += As[lid.y * TILE + k] * Bs[k * TILE + lid.x];
    }
    workgroupBarrier();
  }
  if (row < dims.M && col < dims.N) {
    c[row * dims.N + col] = acc;
  }
}
