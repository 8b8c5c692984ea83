// strided: dst[i] = src[i * stride]. With stride 1 neighbouring invocations read
// neighbouring floats and a memory transaction serves many of them; as the stride
// grows each 4-byte read drags in a whole sector of which it uses 4 bytes, and
// useful bandwidth falls. Only the useful bytes are counted.

struct Params {
  n: u32,
  stride: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * groups.x + wid.x) * WG + lid;
  if (i >= params.n) {
    return;
  }
  dst[i] = src[i * params.stride];
}
