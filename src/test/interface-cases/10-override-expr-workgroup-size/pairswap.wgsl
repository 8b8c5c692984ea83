// Swap neighbouring columns of a W×H grid (0↔1, 2↔3, …). A workgroup spans
// 2·PAIRS columns and 8 rows: its size is an override expression.
override PAIRS: u32 = 16u;

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> size: vec2u;

@compute @workgroup_size(PAIRS * 2u, 8u)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let col = gid.x;
  let row = gid.y;
  if (col < size.x && row < size.y) {
    let partner = select(col, col ^ 1u, (col ^ 1u) < size.x);
    dst[row * size.x + col] = src[row * size.x + partner];
  }
}
