// quant/gemv-f32: y = W·x with f32 weights, the baseline the quantized GEMVs
// are measured against. A matrix-vector product reads each weight once and
// does one multiply-add with it: about 0.5 FLOP per byte, far left of any
// ridge, so its time is the time to read W.
//
// Shapes (row-major):
//   w [N, K]  f32 weights: N outputs (rows), K inputs
//   x [K]     the input vector (one token's activations)
//   y [N]     the output
//
// A workgroup per row: its WG invocations walk the row together, neighbours
// reading neighbouring weights, then add their partial sums by tree reduction.

struct Shape {
  N: u32,
  K: u32,
}

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<uniform> shape: Shape;

override WG: u32 = 64; // invocations per row (a power of two)

var<workgroup> part: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x;
  let base = row * shape.K;
  var acc = 0.0;
  for (var k = lid; k < shape.K; k += WG) {
    acc += w[base + k] * x[k];
  }
  part[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      part[lid] += part[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    y[row] = part[0];
  }
}
