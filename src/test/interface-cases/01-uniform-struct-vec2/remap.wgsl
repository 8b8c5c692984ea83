// Map t in [0, 1) onto [span.x, span.y]. The count and the range share one
// uniform struct: `span` is a vec2<f32>, 8-byte aligned, so WGSL places it at
// byte 8, not 4, and the struct is 16 bytes.
struct Remap {
  count: u32,
  span: vec2<f32>,
}

@group(0) @binding(0) var<storage, read> t: array<f32>;
@group(0) @binding(1) var<storage, read_write> mapped: array<f32>;
@group(0) @binding(2) var<uniform> remap: Remap;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < remap.count) {
    mapped[i] = remap.span.x + (remap.span.y - remap.span.x) * t[i];
  }
}
