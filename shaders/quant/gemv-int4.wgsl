// quant/gemv-int4: y = W·x with int4 weights packed eight to a u32 and one
// f32 scale per group of G weights along each row (weight-only quantization:
// x and y stay f32). An eighth of the f32 weights' bytes, plus the scales.
//
// Shapes (row-major):
//   w      [N, K/8] u32: eight int4 weights each, weight k in nibble k mod 8
//                   (bits 4·(k mod 8) to 4·(k mod 8) + 3, the lowest nibble
//                   first), stored as q + 8 in [1, 15] (q in [−7, 7])
//   scales [N, K/G] f32: one per (row, group); the weight is q · scale
//   x      [K]      f32 input
//   y      [N]      f32 output
// G is a multiple of 8 that divides K (the spec refuses other sizes), so a
// word's eight weights share one scale.
//
// A workgroup per row; each invocation takes whole words, multiplies the
// eight integers by their x, and scales the sum once: Σ s·q·x = s·Σ q·x.

struct Shape {
  N: u32,
  K: u32,
  G: u32,
}

@group(0) @binding(0) var<storage, read> w: array<u32>;
@group(0) @binding(1) var<storage, read> scales: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> shape: Shape;

override WG: u32 = 64; // invocations per row (a power of two)

var<workgroup> part: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x;
  let words = shape.K / 8u;
  let groups = shape.K / shape.G;
  var acc = 0.0;
  for (var i = lid; i < words; i += WG) {
    let word = w[row * words + i];
    let k0 = 8u * i;
    let scale = scales[row * groups + k0 / shape.G];
    var dot = 0.0;
    for (var j = 0u; j < 8u; j++) {
      let q = f32((word >> (4u * j)) & 15u) - 8.0;
      dot += q * x[k0 + j];
    }
    acc += scale * dot;
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
