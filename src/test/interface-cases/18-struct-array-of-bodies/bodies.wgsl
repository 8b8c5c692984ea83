// A storage buffer that is a struct wrapping a runtime array of structs, as
// particle samples write it. Body's layout: mass at byte 0, pos (vec2f,
// 8-byte aligned) at byte 8, tag at byte 16; 20 bytes rounded up to the
// struct's 8-byte alignment, so the array's stride is 24.
struct Body {
  mass: f32,
  pos: vec2f,
  tag: u32,
}

struct Bodies {
  items: array<Body>,
}

@group(0) @binding(0) var<storage, read> bodies: Bodies;
@group(0) @binding(1) var<storage, read_write> moments: array<vec2f>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&bodies.items)) {
    let b = bodies.items[i];
    moments[i] = b.pos * b.mass + vec2f(f32(b.tag));
  }
}
