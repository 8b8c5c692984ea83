// Move every point by one offset. In the uniform struct the u32 packs into
// the last 4 bytes of the vec3<f32> (byte 12); the struct is 16 bytes.
struct Nudge {
  offset: vec3<f32>,
  count: u32,
}

@group(0) @binding(0) var<storage, read> points: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> moved: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> nudge: Nudge;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < nudge.count) {
    let p = points[i];
    moved[i] = vec4<f32>(p.xyz + nudge.offset, p.w);
  }
}
