// lora/unmerged: y = x·W + (x·A)·B, a LoRA adapter kept beside the frozen
// weights (Hu et al., "LoRA", ICLR 2022), as in training or when one base
// model serves many adapters. The α/r scaling is folded into B.
//
// Shapes (row-major f32):
//   x [M, K]  M tokens' activations
//   w [K, N]  the frozen weights
//   a [K, r]  the adapter's down-projection (rank r, small)
//   b [r, N]  its up-projection
//   t [M, r]  scratch: x·A
//   y [M, N]  the output
//
// Passes:
//   down: t = x·A, one invocation per element of t (M·r of them, K long each)
//   main: the tiled x·W of lora/merged, plus Σₛ t[row, s]·B[s, col] for each
//         output: r more multiply-adds, reading a row of t and a column of B

struct Shape {
  M: u32,
  N: u32,
  K: u32,
  r: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> a: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> t: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;
@group(0) @binding(6) var<uniform> shape: Shape;

override TILE: u32 = 16;
override WG: u32 = 64; // invocations per workgroup of the down pass

var<workgroup> xs: array<f32, TILE * TILE>;
var<workgroup> ws: array<f32, TILE * TILE>;

@compute @workgroup_size(WG)
fn down(@builtin(global_invocation_id) gid: vec3u) {
  let idx = gid.x;
  if (idx >= shape.M * shape.r) {
    return;
  }
  let row = idx / shape.r;
  let s = idx % shape.r;
  var acc = 0.0;
  for (var k = 0u; k < shape.K; k++) {
    acc += x[row * shape.K + k] * a[k * shape.r + s];
  }
  t[idx] = acc;
}

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = wid.y * TILE + lid.y;
  let col = wid.x * TILE + lid.x;
  var acc = 0.0;
  let steps = (shape.K + TILE - 1u) / TILE;
  for (var step = 0u; step < steps; step++) {
    // Out-of-range elements load as zero, so edge tiles need no special case below.
    let kx = step * TILE + lid.x;
    var xv = 0.0;
    if (row < shape.M && kx < shape.K) {
      xv = x[row * shape.K + kx];
    }
    xs[lid.y * TILE + lid.x] = xv;
    let kw = step * TILE + lid.y;
    var wv = 0.0;
    if (kw < shape.K && col < shape.N) {
      wv = w[kw * shape.N + col];
    }
    ws[lid.y * TILE + lid.x] = wv;
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      acc += xs[lid.y * TILE + k] * ws[k * TILE + lid.x];
    }
    workgroupBarrier();
  }
  if (row < shape.M && col < shape.N) {
    for (var s = 0u; s < shape.r; s++) {
      acc += t[row * shape.r + s] * b[s * shape.N + col];
    }
    y[row * shape.N + col] = acc;
  }
}
