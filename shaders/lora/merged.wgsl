// lora/merged: y = x·W' with the LoRA update merged into the weights
// beforehand, W' = W + A·B (done once, on the CPU, when the adapter is
// loaded): a plain matmul, the same work as the model without an adapter.
//
// Shapes (row-major f32):
//   x  [M, K]  M tokens' activations
//   wm [K, N]  the merged weights W'
//   y  [M, N]  the output
//
// Tiled: a workgroup of TILE×TILE invocations computes a TILE×TILE block of y,
// stepping along K one tile of x and one of W' at a time through workgroup
// memory (as matmul/tiled). lora/unmerged uses the same loop, then adds (x·A)·B.

struct Shape {
  M: u32,
  N: u32,
  K: u32,
  r: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> wm: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<uniform> shape: Shape;

override TILE: u32 = 16;

var<workgroup> xs: array<f32, TILE * TILE>;
var<workgroup> ws: array<f32, TILE * TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = wid.y * TILE + lid.y;
  let col = wid.x * TILE + lid.x;
  var acc = 0.0;
  let steps = (shape.K + TILE - 1u) / TILE;
  for (var t = 0u; t < steps; t++) {
    // Out-of-range elements load as zero, so edge tiles need no special case below.
    let kx = t * TILE + lid.x;
    var xv = 0.0;
    if (row < shape.M && kx < shape.K) {
      xv = x[row * shape.K + kx];
    }
    xs[lid.y * TILE + lid.x] = xv;
    let kw = t * TILE + lid.y;
    var wv = 0.0;
    if (kw < shape.K && col < shape.N) {
      wv = wm[kw * shape.N + col];
    }
    ws[lid.y * TILE + lid.x] = wv;
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      acc += xs[lid.y * TILE + k] * ws[k * TILE + lid.x];
    }
    workgroupBarrier();
  }
  if (row < shape.M && col < shape.N) {
    y[row * shape.N + col] = acc;
  }
}
