// Half-precision tiled matmul: C (M×N) = A (M×K) · B (K×N); needs shader-f16.
// As tiled.wgsl, with the tiles stored and multiplied in f16 (half the workgroup
// memory and, on most GPUs, twice the arithmetic rate) and the sums kept in f32,
// the usual mixed-precision recipe. Memory stays f32: the host has no f16 arrays.
enable f16;

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

var<workgroup> As: array<f16, TILE * TILE>;
var<workgroup> Bs: array<f16, TILE * TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = wid.y * TILE + lid.y;
  let col = wid.x * TILE + lid.x;
  var acc = 0.0;
  let steps = (dims.K + TILE - 1u) / TILE;
  for (var t = 0u; t < steps; t++) {
    let ka = t * TILE + lid.x;
    var av = 0.0h;
    if (row < dims.M && ka < dims.K) {
      av = f16(a[row * dims.K + ka]);
    }
    As[lid.y * TILE + lid.x] = av;
    let kb = t * TILE + lid.y;
    var bv = 0.0h;
    if (kb < dims.K && col < dims.N) {
      bv = f16(b[kb * dims.N + col]);
    }
    Bs[lid.y * TILE + lid.x] = bv;
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      acc += f32(As[lid.y * TILE + k] * Bs[k * TILE + lid.x]);
    }
    workgroupBarrier();
  }
  if (row < dims.M && col < dims.N) {
    c[row * dims.N + col] = acc;
  }
}
