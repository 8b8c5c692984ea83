// Split every 32-bit word into its low and high 16-bit halves. The output's
// element is a vec2u (two u32, 8 bytes); the sidecar gives no type.
@group(0) @binding(0) var<storage, read> words: array<u32>;
@group(0) @binding(1) var<storage, read_write> halves: array<vec2u>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&halves)) {
    let w = words[i];
    halves[i] = vec2u(w & 0xffffu, w >> 16u);
  }
}
