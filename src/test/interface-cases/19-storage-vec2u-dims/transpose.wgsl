// Transpose a W×H grid. Its shape comes in a storage buffer that holds one
// vec2u (not an array), filled with [W, H] from the parameters.
@group(0) @binding(0) var<storage, read> dims: vec2u;
@group(0) @binding(1) var<storage, read> grid: array<f32>;
@group(0) @binding(2) var<storage, read_write> flipped: array<f32>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let col = gid.x;
  let row = gid.y;
  if (col < dims.x && row < dims.y) {
    flipped[col * dims.y + row] = grid[row * dims.x + col];
  }
}
