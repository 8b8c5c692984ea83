// Average four RGBA images stored as separate planes (a structure of
// arrays): 16 input planes and 4 output planes, 20 storage buffers in one
// shader stage, more than devices allow (WebGPU's default is 8).
@group(0) @binding(0) var<storage, read> a_r: array<f32>;
@group(0) @binding(1) var<storage, read> a_g: array<f32>;
@group(0) @binding(2) var<storage, read> a_b: array<f32>;
@group(0) @binding(3) var<storage, read> a_a: array<f32>;
@group(0) @binding(4) var<storage, read> b_r: array<f32>;
@group(0) @binding(5) var<storage, read> b_g: array<f32>;
@group(0) @binding(6) var<storage, read> b_b: array<f32>;
@group(0) @binding(7) var<storage, read> b_a: array<f32>;
@group(0) @binding(8) var<storage, read> c_r: array<f32>;
@group(0) @binding(9) var<storage, read> c_g: array<f32>;
@group(0) @binding(10) var<storage, read> c_b: array<f32>;
@group(0) @binding(11) var<storage, read> c_a: array<f32>;
@group(0) @binding(12) var<storage, read> d_r: array<f32>;
@group(0) @binding(13) var<storage, read> d_g: array<f32>;
@group(0) @binding(14) var<storage, read> d_b: array<f32>;
@group(0) @binding(15) var<storage, read> d_a: array<f32>;
@group(0) @binding(16) var<storage, read_write> mean_r: array<f32>;
@group(0) @binding(17) var<storage, read_write> mean_g: array<f32>;
@group(0) @binding(18) var<storage, read_write> mean_b: array<f32>;
@group(0) @binding(19) var<storage, read_write> mean_a: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&mean_r)) {
    mean_r[i] = 0.25 * (a_r[i] + b_r[i] + c_r[i] + d_r[i]);
    mean_g[i] = 0.25 * (a_g[i] + b_g[i] + c_g[i] + d_g[i]);
    mean_b[i] = 0.25 * (a_b[i] + b_b[i] + c_b[i] + d_b[i]);
    mean_a[i] = 0.25 * (a_a[i] + b_a[i] + c_a[i] + d_a[i]);
  }
}
