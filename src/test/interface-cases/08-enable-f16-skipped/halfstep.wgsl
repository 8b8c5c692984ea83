// Smoothstep evaluated in half precision: needs the device feature shader-f16.
enable f16;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&y)) {
    let h = f16(clamp(x[i], 0.0, 1.0));
    y[i] = f32(h * h * (3.0h - 2.0h * h));
  }
}
