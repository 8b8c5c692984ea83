// Multiply RGBA pixels by a tint. In the uniform struct the vec4<f32> is
// 16-byte aligned: it starts at byte 16, after 12 bytes of padding, and the
// struct is 32 bytes.
struct Shade {
  n: u32,
  tint: vec4<f32>,
}

@group(0) @binding(0) var<storage, read> pixels: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> tinted: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> shade: Shade;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < shade.n) {
    tinted[i] = pixels[i] * shade.tint;
  }
}
