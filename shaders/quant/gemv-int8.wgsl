// quant/gemv-int8: y = W·x with int8 weights and one f32 scale per group of
// G weights along each row (weight-only quantization: x and y stay f32).
// A quarter of the f32 weights' bytes, so about four times the f32 GEMV's
// speed where reading W is what takes the time.
//
// Shapes (row-major):
//   w      [N, K/4] u32: four int8 weights each, weight k in byte k mod 4
//                   (the lowest byte first), two's complement, in [−127, 127]
//   scales [N, K/G] f32: one per (row, group); the weight is q · scale
//   x      [K]      f32 input
//   y      [N]      f32 output
// G is a multiple of 4 that divides K (the spec refuses other sizes).
//
// A workgroup per row; each invocation takes whole words, multiplies the four
// integers by their x, and scales the sum once: Σ s·q·x = s·Σ q·x.

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
  let words = shape.K / 4u;
  let groups = shape.K / shape.G;
  var acc = 0.0;
  for (var i = lid; i < words; i += WG) {
    let word = w[row * words + i];
    let k0 = 4u * i;
    let scale = scales[row * groups + k0 / shape.G];
    var dot = 0.0;
    for (var j = 0u; j < 4u; j++) {
      // extractBits on an i32 sign-extends: byte j as a signed integer.
      let q = f32(extractBits(bitcast<i32>(word), 8u * j, 8u));
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
