// Count how often each bin is picked. The bins are atomics that nothing in
// the kernel clears: they must start at a known value.
@group(0) @binding(0) var<storage, read> picks: array<u32>;
@group(0) @binding(1) var<storage, read_write> bins: array<atomic<u32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&picks)) {
    atomicAdd(&bins[picks[i] % arrayLength(&bins)], 1u);
  }
}
