// copy-vec4: dst[i] = src[i], sixteen bytes per invocation. Wider accesses mean
// fewer instructions and fuller memory transactions than the f32 copy.

struct Params {
  n4: u32, // number of vec4s
}

@group(0) @binding(0) var<storage, read> src: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4f>;
@group(0) @binding(2) var<uniform> params: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * groups.x + wid.x) * WG + lid;
  if (i >= params.n4) {
    return;
  }
  dst[i] = src[i];
}
