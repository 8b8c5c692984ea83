// The only entry point; its workgroup size is a call over an override, so
// the attribute's argument holds parentheses of its own.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

override LANES: u32 = 16u;

@compute @workgroup_size(max(LANES, 32u))
fn clip(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&y)) {
    y[i] = clamp(x[i], -0.5, 0.5);
  }
}
