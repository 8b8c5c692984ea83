// kv/append: write each new token's key and value into the paged cache at the
// slot the block manager gave it (vLLM's reshape_and_cache): token t's row goes
// to slot slot_mapping[t] = block · block_size + offset.
//
// Shapes (row-major f32):
//   k_new, v_new      [T, Hkv, d]                       the T new tokens' keys and values
//   slot_mapping      [T] u32                           each token's slot
//   k_cache, v_cache  [blocks, block_size, Hkv, d]      the cache: a slot is one [Hkv, d] row
// One invocation per value of k_new (and the same value of v_new): T·Hkv·d of them.
// Slots are distinct (the block manager never hands one out twice), so no two
// invocations write the same place.

struct Shape {
  T: u32,
  row: u32, // Hkv · d: the values of one token's key (or value)
}

@group(0) @binding(0) var<storage, read> k_new: array<f32>;
@group(0) @binding(1) var<storage, read> v_new: array<f32>;
@group(0) @binding(2) var<storage, read> slot_mapping: array<u32>;
@group(0) @binding(3) var<storage, read_write> k_cache: array<f32>;
@group(0) @binding(4) var<storage, read_write> v_cache: array<f32>;
@group(0) @binding(5) var<uniform> shape: Shape;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + lid;
  if (i >= shape.T * shape.row) {
    return;
  }
  let t = i / shape.row;
  let at = slot_mapping[t] * shape.row + i % shape.row;
  k_cache[at] = k_new[i];
  v_cache[at] = v_new[i];
}
